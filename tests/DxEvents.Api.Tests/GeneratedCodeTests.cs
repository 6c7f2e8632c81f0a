using DxEvents.Api.Tests.Support;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;

namespace DxEvents.Api.Tests;

/// <summary>
/// Production runs the endpoint code committed under src/DxEvents.Api/Internal/Generated (Wolverine's static mode). This
/// fails when that code is not what Wolverine generates for today's endpoints: run `dotnet run -- codegen write` in
/// src/DxEvents.Api (with DXEVENTS_DB set) and commit the result.
/// </summary>
public sealed class GeneratedCodeTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public void The_committed_endpoint_code_is_what_Wolverine_generates_for_todays_endpoints()
    {
        var committed = Path.Combine(AppContext.BaseDirectory, "committed-generated");
        var fresh = Directory.CreateTempSubdirectory("dxevents-codegen-").FullName;
        try
        {
            var collections = api.Services.GetServices<ICodeFileCollection>().ToArray();
            foreach (var collection in collections)
                collection.Rules.GeneratedCodeOutputPath = fresh;
            // As `codegen write` does: the host's container resolves the services the generated code asks for.
            new DynamicCodeBuilder(api.Services, collections) { ServiceVariableSource = api.Services.GetService<IServiceVariableSource>() }
                .WriteGeneratedCode(_ => { });

            var expected = Files(fresh);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), Files(committed).Keys.Order(StringComparer.Ordinal));
            foreach (var (name, text) in expected)
                Assert.True(text == Files(committed)[name], $"{name} is stale: run `dotnet run -- codegen write` in src/DxEvents.Api and commit it.");
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"));
}

/// <summary>The service as production runs it: Wolverine loads the committed endpoint code and compiles nothing.</summary>
public sealed class ProductionApiHost : ApiHost
{
    protected override void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, "Production");
}

public sealed class ProductionModeTests(ProductionApiHost api) : IClassFixture<ProductionApiHost>
{
    [Fact]
    public async Task In_production_the_commands_run_the_pre_generated_code_and_record_a_figure()
    {
        var town = await api.NewTownAsync();

        await town.PostAsync("/plans/mima-dx/kpis/k04/measurements", new { fiscalYear = 2025, quarter = 2, value = 180 }, DxEvents.Api.Auth.Roles.Recorder);

        var options = api.Services.GetRequiredService<Wolverine.WolverineOptions>();
        Assert.Equal(TypeLoadMode.Static, options.CodeGeneration.TypeLoadMode);
        Assert.Single(await town.StreamAsync("plan/mima-dx/kpi/k04"), e => e.EventType == "KpiMeasured");
    }
}

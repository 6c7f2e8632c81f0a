using System.Globalization;
using DxEvents.Domain.Texts;
using Microsoft.AspNetCore.Localization;

namespace DxEvents.Api.Infrastructure;

/// <summary>
/// The language of a request's texts for people (problem details, status reasons): ASP.NET Core's request localization
/// chooses it from Accept-Language — Japanese by default and for anything it does not speak, English for <c>en</c> — and sets
/// the request's UI culture, which everything on the request path reads here. Only the UI culture varies: numbers and
/// dates in the answers stay invariant. The pages speak Japanese whatever the browser asks.
/// </summary>
public static class RequestLanguage
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static Language Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? Language.En : Language.Ja;

    /// <summary>A <see cref="Text"/> in an answer is written in the request's language.</summary>
    public static TextJsonConverter JsonConverter { get; } = new(() => Current);

    public static IServiceCollection AddDxLanguages(this IServiceCollection services) =>
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, Japanese);
            o.SupportedCultures = [CultureInfo.InvariantCulture];
            o.SupportedUICultures = [Japanese, English];
            // Accept-Language only: a query string or a cookie must not change what an API answer says.
            o.RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()];
        });

    /// <summary>Before everything that may answer a request (the exception handler, authentication), so that every answer
    /// is in the request's language. An API answer says which (Content-Language) and that it varies by Accept-Language, set as
    /// it starts: the exception handler clears the headers of a failed request before it writes the problem.</summary>
    public static WebApplication UseDxLanguages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestLocalization();
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                var language = Current == Language.En ? "en" : "ja";
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers.ContentLanguage = language;
                    http.Response.Headers.Append("Vary", "Accept-Language");
                    return Task.CompletedTask;
                });
            }
            return next(http);
        });
        return app;
    }
}

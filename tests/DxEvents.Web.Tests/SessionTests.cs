using System.Net;
using System.Text.RegularExpressions;
using DxEvents.Api.Auth;
using DxEvents.Web.Tests.Support;
using Microsoft.Playwright;
using Npgsql;

namespace DxEvents.Web.Tests;

/// <summary>Sessions kept on the server: ended by signing out, shared by the nodes of one database; the headers pages carry.</summary>
[Collection(WebCollection.Name)]
public sealed partial class SessionTests(WebApp app)
{
    [Fact]
    public async Task A_copied_session_cookie_opens_nothing_after_its_owner_signed_out()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Auditor));
        var copied = (await context.CookiesAsync()).Where(c => c.Name == "dxevents.session").ToList();
        Assert.Single(copied);

        // Before sign-out the copy works as well as the original.
        await using var thief = await app.NewContextAsync();
        await thief.AddCookiesAsync(copied.Select(AsCookie));
        var stolen = await thief.NewPageAsync();
        await stolen.OpenAsync("/audit");
        await Assertions.Expect(stolen.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("変更履歴");

        await page.GetByRole(AriaRole.Button, new() { Name = "サインアウト" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");

        await stolen.OpenAsync("/audit");
        Assert.EndsWith("/signin?ReturnUrl=%2Faudit", stolen.Url, StringComparison.Ordinal);
        var export = await thief.APIRequest.GetAsync("/audit/export", new() { MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Redirect, export.Status);
    }

    [Fact]
    public async Task A_session_made_on_one_node_is_accepted_by_a_second_node_of_the_same_database()
    {
        await using var context = await app.NewContextAsync();
        var page = await context.SignInAsync(WebApp.DemoKey(Roles.Office));
        await using var second = SecondNode.Start(app.Database.ConnectionString);
        Assert.NotEqual(app.BaseUrl, second.BaseUrl);

        // Cookies belong to the host, not the port: the browser sends the first node's cookie to the second.
        await page.OpenAsync(second.BaseUrl + "/audit");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("変更履歴");
        await Assertions.Expect(page.Locator("header .user")).ToContainTextAsync("demo office (mima)");

        // The key ring both nodes sealed and opened that cookie with is the database's.
        await using var keys = new NpgsqlCommand($"SELECT count(*) FROM dxevents.{PostgresXmlRepository.TableName} WHERE xml LIKE '<key %'",
            app.Database.DataSource.OpenConnection());
        Assert.True((long)(await keys.ExecuteScalarAsync())! >= 1);

        // A form shown by one node posts to the other: the antiforgery token is sealed with the same keys.
        await page.OpenAsync(app.BaseUrl + "/");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var form = context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token);
        var signOut = await context.APIRequest.PostAsync(second.BaseUrl + "/signout", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Redirect, signOut.Status);
        Assert.Equal("/signin", signOut.Headers["location"]);
        await page.OpenAsync(app.BaseUrl + "/audit");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_tls_proxy_cookies_are_secure_and_hsts_is_sent_and_pages_carry_a_content_security_policy()
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };

        // Plain HTTP straight to the service (development): no HSTS, no Secure cookie.
        using var plain = await http.SendAsync(Request(HttpMethod.Get, "/signin", proxied: false));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", SetCookie(plain, "dxevents.antiforgery"), StringComparison.OrdinalIgnoreCase);
        var csp = string.Join(";", plain.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);

        // Through a proxy on loopback that terminated TLS.
        using var form = await http.SendAsync(Request(HttpMethod.Get, "/signin", proxied: true));
        Assert.Equal("max-age=31536000", string.Join("", form.Headers.GetValues("Strict-Transport-Security")));
        var antiforgery = SetCookie(form, "dxevents.antiforgery");
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var token = TokenInput().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        var signIn = Request(HttpMethod.Post, "/signin", proxied: true);
        signIn.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        signIn.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Key", WebApp.DemoKey(Roles.Auditor))]);
        using var signedIn = await http.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("; secure", SetCookie(signedIn, "dxevents.session"), StringComparison.OrdinalIgnoreCase);

        // The API is no page: no page policy on its answers.
        using var api = await http.SendAsync(Request(HttpMethod.Get, "/api/mima/plans", proxied: true));
        Assert.False(api.Headers.Contains("Content-Security-Policy"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    private static HttpRequestMessage Request(HttpMethod method, string path, bool proxied)
    {
        var request = new HttpRequestMessage(method, path);
        // A proxy passes the Host the person asked for (HSTS is never sent for localhost or a loopback address).
        request.Headers.Host = "dxevents.example.jp";
        if (proxied)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }
        return request;
    }

    private static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.SingleOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) ?? "" : "";

    private static Microsoft.Playwright.Cookie AsCookie(BrowserContextCookiesResult c) =>
        new() { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite };
}

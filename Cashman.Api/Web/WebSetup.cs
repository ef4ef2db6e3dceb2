using System.Reflection;
using Cashman.Api.Users;
using Cashman.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Web;

/// <summary>The web client at <c>/app</c>: Razor views on the API's own services, its cookie, antiforgery and assets.</summary>
internal static class WebSetup
{
    public const string PathBase = "/app";
    public const string AssetsPath = PathBase + "/assets";

    /// <summary>Where the pages' stylesheet and script live, relative to the binary.</summary>
    public static readonly string AssetsFolder = Path.Combine("Web", "Assets");

    /// <summary>Marks an answer whose <c>Cache-Control</c> the asset handler set (a versioned file anyone may cache).</summary>
    public const string PublicAssetItem = "Cashman.PublicAsset";

    public static WebApplicationBuilder AddCashmanWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        var enabled = builder.Configuration.GetValue<bool?>($"{UiOptions.SectionName}:{nameof(UiOptions.Enabled)}") ?? true;
        services.AddSettings<UiOptions>(UiOptions.SectionName);
        // Beside the binary (the build copies them there), wherever the process was started from.
        services.AddSingleton(new WebAssets(new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, AssetsFolder))));
        services.AddControllersWithViews()
            .AddRazorOptions(o =>
            {
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Web/Views/{1}/{0}.cshtml");
                o.ViewLocationFormats.Add("/Web/Views/Shared/{0}.cshtml");
            })
            .ConfigureApplicationPartManager(m =>
            {
                if (!enabled)
                {
                    m.FeatureProviders.Remove(m.FeatureProviders.OfType<ControllerFeatureProvider>().Single());
                    m.FeatureProviders.Add(new ApiControllersOnly());
                }
            });

        // Cookies and antiforgery tokens are sealed with keys that every replica shares through the database.
        services.AddDataProtection().SetApplicationName("Cashman").PersistKeysToDbContext<CashmanDbContext>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "cashman_antiforgery";
            o.Cookie.Path = PathBase;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // The session cookie carries the Secure rule; antiforgery would refuse to answer at all over plain http.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true;
        });
        // The one-line notice after a write (post, redirect, get) travels in a cookie like the others.
        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "cashman_notice";
            o.Cookie.Path = PathBase;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        services.AddAuthentication().AddCookie(WebSession.Scheme, o =>
        {
            o.Cookie.Name = WebSession.CookieName;
            o.Cookie.Path = PathBase;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.LoginPath = PathBase + "/login";
            o.LogoutPath = PathBase + "/logout";
            o.AccessDeniedPath = PathBase + "/login";
            o.ReturnUrlParameter = "returnUrl";
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = WebSession.ValidateAsync;
        });
        // A policy of its own, so that the API's default (a bearer token or an API key) is not added to the pages' and the
        // cookie is the one credential they take.
        services.AddAuthorizationBuilder().AddPolicy(WebSession.Scheme, p => p.AddAuthenticationSchemes(WebSession.Scheme).RequireAuthenticatedUser());
        services.AddOptions<CookieAuthenticationOptions>(WebSession.Scheme)
            .Configure<IOptions<JwtOptions>>((o, jwt) => o.ExpireTimeSpan = TimeSpan.FromDays(jwt.Value.SessionDays));
        return builder;
    }

    /// <summary>The pages' headers, and their assets (versioned by a hash in their links, so cached for a year).</summary>
    public static void UseCashmanWeb(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<UiOptions>>().Value.Enabled)
        {
            return;
        }

        app.UseWhen(c => c.Request.Path.StartsWithSegments(PathBase), web => web.UseMiddleware<SecurityHeadersMiddleware>());
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = AssetsPath,
            FileProvider = app.Services.GetRequiredService<WebAssets>().Files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = asset =>
            {
                asset.Context.Items[PublicAssetItem] = true;
                asset.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
    }

    /// <summary>With <c>Ui__Enabled=false</c>: the API's controllers without the pages, so that <c>/app</c> is a 404.</summary>
    private sealed class ApiControllersOnly : ControllerFeatureProvider
    {
        protected override bool IsController(TypeInfo typeInfo) =>
            base.IsController(typeInfo) && typeInfo.Namespace?.StartsWith(typeof(WebSetup).Namespace!, StringComparison.Ordinal) != true;
    }
}

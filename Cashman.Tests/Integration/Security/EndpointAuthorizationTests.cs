using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cashman.Tests.Integration.Security;

/// <summary>
/// There is no fallback policy (so unknown routes stay 404), so every endpoint must say [Authorize] or
/// [AllowAnonymous]; this fails when a new endpoint says neither, and pins down which ones are open.
/// </summary>
public sealed class EndpointAuthorizationTests
{
    private static readonly string[] OpenEndpoints =
    [
        "GET /", "POST /auth/register", "POST /auth/login", "POST /auth/refresh", "GET,HEAD /health/live", "GET,HEAD /health/ready",
        "GET /app/login", "POST /app/login", "GET /app/register", "POST /app/register",
    ];

    [Test]
    public void EveryEndpointDeclaresWhetherItNeedsACaller()
    {
        var endpoints = TestDatabase.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.That(endpoints, Has.Count.GreaterThan(10));
        var open = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var name = Describe(endpoint);
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
            Assert.That(anonymous || authorized, Is.True, $"{name} declares neither [Authorize] nor [AllowAnonymous]");
            if (anonymous)
            {
                open.Add(name);
            }
        }

        Assert.That(open, Is.EquivalentTo(OpenEndpoints));
    }

    private static string Describe(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        var path = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
        return methods is { Count: > 0 } ? $"{string.Join(",", methods)} {path}" : path;
    }
}

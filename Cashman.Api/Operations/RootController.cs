using System.Reflection;
using Cashman.Api.Http;
using Cashman.Api.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cashman.Api.Operations;

/// <summary>The base address: tells a newcomer where to go.</summary>
[ApiController]
[AllowAnonymous]
[Route("")]
[Tags("Service")]

// A page for a person opening the base address, like /health/* for probes: not an operation for generated clients.
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class RootController(IOptions<UiOptions> ui) : ControllerBase
{
    private static readonly string ServiceVersion =
        typeof(RootController).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Names the service and links to its documentation and health endpoints.</summary>
    /// <response code="200">The service document.</response>
    [HttpGet]
    [EndpointName("getServiceDocument")]
    [ProducesResponseType<RootResponse>(StatusCodes.Status200OK, MediaTypes.Json)]
    public ActionResult<RootResponse> Get() => new RootResponse(
        "Cashman",
        ServiceVersion,
        new Dictionary<string, string>(ui.Value.Enabled ? [new("app", WebSetup.PathBase)] : [])
        {
            ["docs"] = "/swagger",
            ["openApi"] = "/swagger/v1/swagger.json",
            ["incomes"] = "/incomes",
            ["expenses"] = "/expenses",
            ["transactions"] = "/transactions",
            ["balance"] = "/balance",
            ["changes"] = "/changes",
            ["batch"] = "/transactions/batch",
            ["imports"] = "/imports",
            ["export"] = "/transactions/export",
            ["register"] = "/auth/register",
            ["login"] = "/auth/login",
            ["live"] = "/health/live",
            ["ready"] = "/health/ready",
        });
}

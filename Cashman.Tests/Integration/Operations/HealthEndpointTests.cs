using System.Net;

namespace Cashman.Tests.Integration.Operations;

/// <summary>SPEC "Reliability": <c>GET /health/live</c> and <c>GET /health/ready</c>; they are read-only resources.</summary>
public sealed class HealthEndpointTests : IntegrationTest
{
    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task AHealthEndpointAnswersGetAndHeadAndEveryOtherMethodIsA405(string path)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            using var ok = await Anonymous.SendAsync(new HttpRequestMessage(method, path));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), method.Method);
        }

        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Trace, HttpMethod.Patch })
        {
            using var refused = await Anonymous.SendAsync(new HttpRequestMessage(method, path));
            await AssertProblemAsync(refused, HttpStatusCode.MethodNotAllowed);
        }
    }
}

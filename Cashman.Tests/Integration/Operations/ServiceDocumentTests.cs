using System.Net;

namespace Cashman.Tests.Integration.Operations;

public sealed class ServiceDocumentTests : IntegrationTest
{
    [Test]
    public async Task RootAnswersNameVersionAndLinks()
    {
        using var response = await Client.GetAsync("/");
        var body = await ReadObjectAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string)body["name"]!, Is.EqualTo("Cashman"));
            Assert.That((string)body["version"]!, Does.Match(@"^\d+\.\d+\.\d+"));
            Assert.That((string)body["links"]!["docs"]!, Is.EqualTo("/swagger"));
            Assert.That((string)body["links"]!["app"]!, Is.EqualTo("/app"), "the web client, for a person");
            Assert.That((string)body["links"]!["openApi"]!, Is.EqualTo("/swagger/v1/swagger.json"));
            Assert.That((string)body["links"]!["live"]!, Is.EqualTo("/health/live"));
            Assert.That((string)body["links"]!["ready"]!, Is.EqualTo("/health/ready"));
            Assert.That((string)body["links"]!["changes"]!, Is.EqualTo("/changes"));
            Assert.That((string)body["links"]!["imports"]!, Is.EqualTo("/imports"));
            Assert.That((string)body["links"]!["export"]!, Is.EqualTo("/transactions/export"));
        }
    }

    [Test]
    public async Task LivenessAnswersHealthy()
    {
        using var response = await Client.GetAsync("/health/live");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task ReadinessAnswersHealthyOnAMigratedDatabase()
    {
        using var response = await Client.GetAsync("/health/ready");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }
}

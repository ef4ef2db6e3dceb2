using Cashman.Api.ErrorHandling;

namespace Cashman.Tests.Unit.Api;

public sealed class WireNameTests
{
    [TestCase("$.amount", "amount")]
    [TestCase("$", "body")]
    [TestCase("", "body")]
    [TestCase("PageSize", "pageSize")]
    [TestCase("occurredOn", "occurredOn")]
    public void ModelStateKeysBecomeWireNames(string key, string expected) =>
        Assert.That(InvalidModelStateResponse.ToWireName(key), Is.EqualTo(expected));
}

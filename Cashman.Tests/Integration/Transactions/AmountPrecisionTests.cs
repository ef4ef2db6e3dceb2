using System.Net;
using System.Text.RegularExpressions;

namespace Cashman.Tests.Integration.Transactions;

/// <summary>
/// An amount is checked at its exact value as written in the JSON, before anything rounds it to 28 digits, and always
/// answered with exactly two decimals, in every response.
/// </summary>
public sealed partial class AmountPrecisionTests : IntegrationTest
{
    [TestCase("0.00999999999999999999999999999999999")]
    [TestCase("1000000000.0000000000000000000001")]
    [TestCase("0.005")]
    [TestCase("5.001")]
    [TestCase("1E-3")]
    [TestCase("12345e-4")]
    public async Task AnAmountWhoseExactValueNeedsMoreThanItsCurrencysTwoDecimalsIsA400AndStoresNothing(string amount)
    {
        foreach (var kind in new[] { "incomes", "expenses" })
        {
            using var response = await Client.PostAsync($"/{kind}", JsonBody($"{{\"description\":\"x\",\"amount\":{amount}}}"));
            var problem = await AssertValidationProblemAsync(response, "amount");
            Assert.That(problem["errors"]!["amount"]![0]!.ToString(), Does.Contain("2 decimal places in USD").Or.Contain("more decimals than any currency"));
        }

        var list = await ReadObjectAsync(await Client.GetAsync("/transactions"));
        Assert.That((int)list["totalItems"]!, Is.Zero);
    }

    [TestCase("1e400")]
    [TestCase("-99999999999999999999999999999999")]
    [TestCase("1000000000.01")]
    public async Task AnAmountFarOutOfRangeIsA400NamingIt(string amount)
    {
        using var response = await Client.PostAsync("/expenses", JsonBody($"{{\"description\":\"x\",\"amount\":{amount}}}"));
        var problem = await AssertValidationProblemAsync(response, "amount");
        Assert.That(problem["errors"]!["amount"]![0]!.ToString(), Does.Contain("between"));
    }

    [TestCase("5.000000", "-5.00")]
    [TestCase("5", "-5.00")]
    [TestCase("5.1", "-5.10")]
    [TestCase("0.50e1", "-5.00")]
    [TestCase("1E9", "-1000000000.00")]
    [TestCase("-0.01", "-0.01")]
    [TestCase("1000000000.000000000000000000000000000000", "-1000000000.00")]
    public async Task AnExpenseIsAnsweredWithExactlyTwoDecimalsOnPostPutAndGet(string sent, string answered)
    {
        using var post = await Client.PostAsync("/expenses", JsonBody($"{{\"description\":\"x\",\"amount\":{sent}}}"));
        var postBody = await post.Content.ReadAsStringAsync();
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Created), postBody);
        using var put = await Client.PutAsync(post.Headers.Location, JsonBody($"{{\"description\":\"y\",\"amount\":{sent}}}"));
        using var get = await Client.GetAsync(post.Headers.Location);
        using var list = await Client.GetAsync("/expenses");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RawAmount(postBody), Is.EqualTo(answered));
            Assert.That(RawAmount(await put.Content.ReadAsStringAsync()), Is.EqualTo(answered));
            Assert.That(RawAmount(await get.Content.ReadAsStringAsync()), Is.EqualTo(answered));
            Assert.That(RawAmount(await list.Content.ReadAsStringAsync()), Is.EqualTo(answered));
        }
    }

    [Test]
    public async Task BalanceTotalsAreAnsweredWithExactlyTwoDecimals()
    {
        await CreateAsync("incomes", new { description = "x", amount = 5 });
        var raw = await (await Client.GetAsync("/balance?groupBy=month")).Content.ReadAsStringAsync();
        Assert.That(raw, Does.Contain("\"totalIncome\":5.00").And.Contain("\"totalExpenses\":0.00").And.Contain("\"balance\":5.00"));
    }

    [Test]
    public async Task TheSameAmountWrittenDifferentlyIsTheSameIdempotentRequest()
    {
        using var first = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonBody("{\"description\":\"x\",\"amount\":5}") };
        first.Headers.Add("Idempotency-Key", "same-amount");
        using var second = new HttpRequestMessage(HttpMethod.Post, "/incomes") { Content = JsonBody("{\"description\":\"x\",\"amount\":5.000}") };
        second.Headers.Add("Idempotency-Key", "same-amount");
        using var a = await Client.SendAsync(first);
        using var b = await Client.SendAsync(second);
        Assert.That(b.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(b.Headers.Location, Is.EqualTo(a.Headers.Location));
    }

    [TestCase("minAmount=1,5", "minAmount")]
    [TestCase("minAmount=1,500", "minAmount")]
    [TestCase("maxAmount=0.0099999999999999999999999999999", "maxAmount")]
    [TestCase("minAmount=0.00005", "minAmount")]
    [TestCase("minAmount=%205", "minAmount")]
    [TestCase("minAmount=1e3", "minAmount")]
    [TestCase("maxAmount=", "maxAmount")]
    [TestCase("page=%205", "page")]
    [TestCase("pageSize=5%20", "pageSize")]
    [TestCase("page=1.0", "page")]
    [TestCase("page=%2B1%2C0", "page")]
    public async Task AnAmountOrNumberInTheQueryIsReadExactlyOrIsA400(string query, string field)
    {
        using var response = await Client.GetAsync($"/expenses?{query}");
        await AssertValidationProblemAsync(response, field);
    }

    [Test]
    public async Task AnExactAmountInTheQueryFiltersAsWritten()
    {
        await CreateAsync("expenses", new { description = "small", amount = 1.5 });
        await CreateAsync("expenses", new { description = "large", amount = 15 });
        using var response = await Client.GetAsync("/expenses?minAmount=1.500&maxAmount=2");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Descriptions(await ReadObjectAsync(response)), Is.EqualTo(new[] { "small" }));
    }

    private static string RawAmount(string json) => AmountPattern().Match(json).Groups[1].Value;

    [GeneratedRegex("\"amount\":(-?[0-9.eE+]+)")]
    private static partial Regex AmountPattern();
}

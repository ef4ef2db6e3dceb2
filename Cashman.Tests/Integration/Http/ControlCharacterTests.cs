using System.Net;
using System.Net.Http.Json;

namespace Cashman.Tests.Integration.Http;

/// <summary>
/// Control characters (U+0000 to U+001F, U+007F) in any text are a 400 naming the field. U+0000 used to reach PostgreSQL
/// (which cannot store it) and come back as a 500, anonymously too.
/// </summary>
public sealed class ControlCharacterTests : IntegrationTest
{
    private static readonly string[] ControlCharacters = ["\u0000", "\u0001", "\t", "\n", "\u001f", "\u007f"];

    [TestCaseSource(nameof(ControlCharacters))]
    public async Task LoginWithAControlCharacterInTheEmailIsA400NamingIt(string control)
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/login", new { email = $"a{control}@example.com", password = "xxxxxxxx" });
        await AssertValidationProblemAsync(response, "email");
    }

    [Test]
    public async Task RegisterWithNulInTheEmailIsA400NamingIt()
    {
        using var response = await Anonymous.PostAsJsonAsync("/auth/register", new { email = "a\u0000@example.com", password = "xxxxxxxx" });
        await AssertValidationProblemAsync(response, "email");
    }

    [TestCase("incomes", "description")]
    [TestCase("incomes", "category")]
    [TestCase("expenses", "description")]
    [TestCase("expenses", "category")]
    public async Task CreateWithAControlCharacterIsA400NamingTheFieldAndStoresNothing(string kind, string field)
    {
        foreach (var control in ControlCharacters)
        {
            var body = new Dictionary<string, object> { ["description"] = "lunch", ["amount"] = 5, [field] = $"x{control}y" };
            using var response = await Client.PostAsJsonAsync($"/{kind}", body);
            await AssertValidationProblemAsync(response, field);
        }

        var list = await ReadObjectAsync(await Client.GetAsync($"/{kind}"));
        Assert.That((int)list["totalItems"]!, Is.Zero);
    }

    [Test]
    public async Task UpdateWithNulInTheDescriptionIsA400AndKeepsTheRow()
    {
        var income = await CreateAsync("incomes", new { description = "Salary", amount = 10 });
        using var response = await Client.PutAsJsonAsync($"/incomes/{income.Id}", new { description = "Sal\u0000ary", amount = 10 });
        await AssertValidationProblemAsync(response, "description");
        var stored = await ReadObjectAsync(await Client.GetAsync($"/incomes/{income.Id}"));
        Assert.That((string)stored["description"]!, Is.EqualTo("Salary"));
    }

    [Test]
    public async Task ApiKeyNameWithNulIsA400NamingIt()
    {
        using var response = await Client.PostAsJsonAsync("/auth/api-keys", new { name = "script\u0000" });
        await AssertValidationProblemAsync(response, "name");
    }

    [TestCase("/incomes?q=%00", "q")]
    [TestCase("/expenses?q=a%0Ab", "q")]
    [TestCase("/transactions?category=%00", "category")]
    [TestCase("/incomes?category=%7F", "category")]
    public async Task FilterWithAControlCharacterIsA400NamingIt(string path, string parameter)
    {
        using var response = await Client.GetAsync(path);
        await AssertValidationProblemAsync(response, parameter);
    }

    [Test]
    public async Task TextWithoutControlCharactersIsStillAccepted()
    {
        var created = await CreateAsync("expenses", new { description = "Café «crème» ☕ – 2×", amount = 3.5, category = "food & drink" });
        Assert.That(created.Description, Is.EqualTo("Café «crème» ☕ – 2×"));
        using var filtered = await Client.GetAsync("/expenses?q=%C3%A9&category=FOOD%20%26%20DRINK");
        Assert.That((int)(await ReadObjectAsync(filtered))["totalItems"]!, Is.EqualTo(1));
    }
}

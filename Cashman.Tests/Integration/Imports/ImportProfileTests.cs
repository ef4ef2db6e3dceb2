using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Imports;

/// <summary>SPEC "Sync, bulk, import and export": import profiles save a mapping; an import names one, and its own parameters win.</summary>
public sealed class ImportProfileTests : IntegrationTest
{
    private const string GermanFile = "Buchungstag;Text;Betrag\n01.03.2026;Gehalt;2.500,00\n02.03.2026;Miete;-950,00\n";

    private static readonly object GermanMapping = new
    {
        dateColumn = "Buchungstag",
        descriptionColumn = "Text",
        amountColumn = "Betrag",
        dateFormat = "dd.MM.yyyy",
        decimalSeparator = ",",
        delimiter = ";",
    };

    [Test]
    public async Task APutProfileIsCreatedThenReplacedAndReadBackWithItsParameters()
    {
        using var created = await Client.PutAsJsonAsync("/imports/profiles/My-Bank", GermanMapping);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(created.Headers.Location?.AbsolutePath, Is.EqualTo("/imports/profiles/my-bank"));
        var profile = await ReadObjectAsync(created);
        Assert.That(((string?)profile["name"], (bool)profile["builtIn"]!, (string?)profile["dateFormat"], (string?)profile["debitColumn"]), Is.EqualTo(("my-bank", false, "dd.MM.yyyy", (string?)null)));

        using var replaced = await Client.PutAsJsonAsync("/imports/profiles/MY-BANK", new { dateColumn = "Datum", skipLines = 4, header = true });
        Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replaced.Content.ReadAsStringAsync());
        var read = await ReadObjectAsync(await Client.GetAsync("/imports/profiles/my-bank"));
        Assert.That(((string?)read["dateColumn"], (int?)read["skipLines"], (bool?)read["header"], (string?)read["delimiter"]), Is.EqualTo(("Datum", 4, true, (string?)null)), "a replace keeps nothing of before");
    }

    [Test]
    public async Task AnImportWithAProfileReadsTheFileByItAndItsOwnParametersWin()
    {
        (await Client.PutAsJsonAsync("/imports/profiles/giro", GermanMapping)).Dispose();
        var answer = await ImportAsync(GermanFile, "?profile=Giro&dryRun=true");
        Assert.That(answer["rows"]!.AsArray().Select(r => r!["amount"]!.ToJsonString()), Is.EqualTo(new[] { "2500.00", "-950.00" }));

        var renamed = await ImportAsync(GermanFile.Replace("Text", "Zweck", StringComparison.Ordinal), "?profile=giro&descriptionColumn=Zweck");
        Assert.That((int)renamed["created"]!, Is.EqualTo(2));
    }

    [Test]
    public async Task AParameterBesideAProfileMayReplaceOneOfAPairAndTheMergedMappingIsChecked()
    {
        (await Client.PutAsJsonAsync("/imports/profiles/pair", new { dateColumn = "Datum", descriptionColumn = "Text", debitColumn = "Soll", creditColumn = "Haben" })).Dispose();
        var answer = await ImportAsync("Datum,Text,Soll,Gutschrift\n2026-03-01,Gehalt,,2500\n", "?profile=pair&creditColumn=Gutschrift&dryRun=true");
        Assert.That(answer["rows"]![0]!["amount"]!.ToJsonString(), Is.EqualTo("2500.00"));

        using var both = await PostCsvAsync("Datum,Text,Soll,Haben,Betrag\n2026-03-01,x,,1,1\n", "?profile=pair&amountColumn=Betrag");
        await AssertValidationProblemAsync(both, "amountColumn");
    }

    [Test]
    public async Task TheListHasYourProfilesFirstThenTheBuiltInOnesAndAnotherUserSeesNoneOfYours()
    {
        (await Client.PutAsJsonAsync("/imports/profiles/zeta", GermanMapping)).Dispose();
        (await Client.PutAsJsonAsync("/imports/profiles/alpha", GermanMapping)).Dispose();
        var names = (await ReadObjectAsync(await Client.GetAsync("/imports/profiles")))["items"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        Assert.That(names.Take(2), Is.EqualTo(new[] { "alpha", "zeta" }));
        Assert.That(names.Skip(2), Is.Ordered.And.Contains("dkb"));

        var other = ClientWithToken((await RegisterAndLoginAsync(Email("other"))).AccessToken);
        var theirs = (await ReadObjectAsync(await other.GetAsync("/imports/profiles")))["items"]!.AsArray().Select(p => (string?)p!["name"]);
        Assert.That(theirs, Does.Not.Contain("alpha"));
        using (var get = await other.GetAsync("/imports/profiles/alpha"))
        {
            await AssertProblemAsync(get, HttpStatusCode.NotFound);
        }

        using (var delete = await other.DeleteAsync("/imports/profiles/alpha"))
        {
            await AssertProblemAsync(delete, HttpStatusCode.NotFound);
        }

        using var import = await PostCsvAsync(GermanFile, "?profile=alpha", other);
        await AssertValidationProblemAsync(import, "profile");
        Assert.That((await Client.GetAsync("/imports/profiles/alpha")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still the owner's");
    }

    [Test]
    public async Task ADeletedProfileIsGoneAndCannotBeUsed()
    {
        (await Client.PutAsJsonAsync("/imports/profiles/old", GermanMapping)).Dispose();
        using var deleted = await Client.DeleteAsync("/imports/profiles/OLD");
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await AssertProblemAsync(await Client.GetAsync("/imports/profiles/old"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Client.DeleteAsync("/imports/profiles/old"), HttpStatusCode.NotFound);
        await AssertValidationProblemAsync(await PostCsvAsync(GermanFile, "?profile=old"), "profile");
    }

    [Test]
    public async Task BuiltInProfilesCanBeReadButNotChangedOrDeleted()
    {
        var dkb = await ReadObjectAsync(await Client.GetAsync("/imports/profiles/DKB"));
        Assert.That(((string?)dkb["bank"], (string?)dkb["country"], (bool)dkb["builtIn"]!, (string?)dkb["statusColumn"]), Is.EqualTo(("DKB", "DE", true, "Status")));
        await AssertProblemAsync(await Client.PutAsJsonAsync("/imports/profiles/dkb", GermanMapping), HttpStatusCode.Conflict);
        await AssertProblemAsync(await Client.DeleteAsync("/imports/profiles/dkb"), HttpStatusCode.Conflict);
    }

    [TestCase("-starts-with-dash")]
    [TestCase("has space")]
    [TestCase("a234567890123456789012345678901234567890123456789012")]
    [TestCase("caf%C3%A9")]
    public async Task AProfileNameOutsideLettersDigitsDotsDashesAndUnderscoresIsA400(string name)
    {
        using var response = await Client.PutAsJsonAsync($"/imports/profiles/{name}", GermanMapping);
        await AssertValidationProblemAsync(response, "name");
    }

    [TestCase("{\"debitColumn\":\"Out\"}", "creditColumn")]
    [TestCase("{\"skipLines\":-1}", "skipLines")]
    [TestCase("{\"delimiter\":\"|\"}", "delimiter")]
    [TestCase("{\"dateFormat\":\"HH:mm\"}", "dateFormat")]
    [TestCase("{\"dateColumn\":\"\"}", "dateColumn")]
    [TestCase("{\"header\":\"no\"}", "header")]
    public async Task AnInvalidMappingIsA400NamingTheParameterAndNothingIsSaved(string body, string field)
    {
        using var response = await Client.PutAsync("/imports/profiles/bad", JsonBody(body));
        await AssertValidationProblemAsync(response, field);
        await AssertProblemAsync(await Client.GetAsync("/imports/profiles/bad"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task AUserHasAtMostOneHundredProfiles()
    {
        for (var i = 0; i < 100; i++)
        {
            using var put = await Client.PutAsJsonAsync($"/imports/profiles/p{i}", GermanMapping);
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        await AssertProblemAsync(await Client.PutAsJsonAsync("/imports/profiles/one-more", GermanMapping), HttpStatusCode.Conflict);
        using var replace = await Client.PutAsJsonAsync("/imports/profiles/p7", GermanMapping);
        Assert.That(replace.StatusCode, Is.EqualTo(HttpStatusCode.OK), "replacing one is not another");
    }

    [Test]
    public async Task ProfilesNeedCredentials()
    {
        await AssertProblemAsync(await Anonymous.GetAsync("/imports/profiles"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Anonymous.PutAsJsonAsync("/imports/profiles/x", GermanMapping), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Anonymous.DeleteAsync("/imports/profiles/x"), HttpStatusCode.Unauthorized);
    }
}

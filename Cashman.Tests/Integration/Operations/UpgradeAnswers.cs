using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Cashman.Tests.Integration.Operations;

/// <summary>What a user reads, compared across an upgrade by the migration tests.</summary>
internal static class UpgradeAnswers
{
    /// <summary>The password of every user <see cref="SignInAsync"/> registers.</summary>
    public const string Password = "upgrade-password-1";

    /// <summary>Registers a new user through the API and makes <paramref name="client"/> act for them; returns the email.</summary>
    public static async Task<string> SignInAsync(HttpClient client)
    {
        var email = $"upgrade-{Guid.NewGuid():N}@example.com";
        using (var register = await client.PostAsJsonAsync("/auth/register", new { email, password = Password }))
        {
            Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        using var login = await client.PostAsJsonAsync("/auth/login", new { email, password = Password });
        var token = (string)(await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return email;
    }

    /// <summary>Each path's status, <c>ETag</c> and body, in order; a feed cursor's <c>next</c> (it carries the time it was issued) left out.</summary>
    public static async Task<List<string>> ReadAllAsync(HttpClient client, IEnumerable<string> paths)
    {
        var answers = new List<string>();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            body.Remove("next");
            answers.Add($"{path} {response.Headers.ETag} {body.ToJsonString()}");
        }

        return answers;
    }
}

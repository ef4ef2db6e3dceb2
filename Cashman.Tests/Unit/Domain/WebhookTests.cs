using Cashman.Domain.Common;
using Cashman.Domain.Webhooks;

namespace Cashman.Tests.Unit.Domain;

/// <summary>The webhook's own rules: what it accepts, how failures are retried and disabled, and secret rotation.</summary>
public sealed class WebhookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void FailuresWaitOneFiveThirtyMinutesTwoSixTwelveAndTwentyFourHoursThenTheRestOfThreeDaysThenDisable()
    {
        var webhook = New();
        var waits = new List<TimeSpan>();
        var at = Now;
        while (webhook.Status == WebhookStatus.Active)
        {
            webhook.Failed(at);
            if (webhook.Status == WebhookStatus.Active)
            {
                waits.Add(webhook.NextAttemptAt - at);
                at = webhook.NextAttemptAt;
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(waits, Is.EqualTo(new[]
            {
                TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6),
                TimeSpan.FromHours(12), TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromHours(72) - TimeSpan.FromMinutes(4116),
            }));
            Assert.That(at, Is.EqualTo(Now + Webhook.DisableAfter), "the last attempt is made when three days are over");
            Assert.That(webhook.FailedAttempts, Is.EqualTo(10));
            Assert.That(webhook.FailingSince, Is.EqualTo(Now));
        }
    }

    [Test]
    public void ADeliveryEndsTheFailuresAndMovesTheCursorOnlyForward()
    {
        var webhook = New(cursor: 10);
        webhook.Failed(Now);
        var version = webhook.Version;
        webhook.DeliveredUpTo(12, Now.AddMinutes(1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(webhook.CursorSeq, Is.EqualTo(12));
            Assert.That(webhook.FailingSince, Is.Null);
            Assert.That(webhook.FailedAttempts, Is.Zero);
            Assert.That(webhook.Version, Is.Not.EqualTo(version), "what GET answers changed");
        }

        version = webhook.Version;
        webhook.DeliveredUpTo(11, Now.AddMinutes(2));
        Assert.That(webhook.CursorSeq, Is.EqualTo(12));
        Assert.That(webhook.Version, Is.EqualTo(version), "a healthy delivery changes nothing a client sees");
    }

    [Test]
    public void EnablingADisabledWebhookClearsItsFailuresAndMakesItDueAtOnceFromItsCursor()
    {
        var webhook = New(cursor: 7);
        for (var at = Now; webhook.Status == WebhookStatus.Active; at = webhook.NextAttemptAt)
        {
            webhook.Failed(at);
        }

        var later = Now.AddDays(5);
        webhook.Update(new Uri("https://hooks.example.com/"), null, null, WebhookStatus.Active, later);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(webhook.Status, Is.EqualTo(WebhookStatus.Active));
            Assert.That(webhook.FailingSince, Is.Null);
            Assert.That(webhook.FailedAttempts, Is.Zero);
            Assert.That(webhook.NextAttemptAt, Is.EqualTo(later));
            Assert.That(webhook.CursorSeq, Is.EqualTo(7));
        }
    }

    [Test]
    public void AfterARotationBothSecretsSignFor24HoursTheNewOneFirst()
    {
        var webhook = New();
        var old = webhook.Secret;
        webhook.RotateSecret("whsec_new", Now);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(webhook.SigningSecrets(Now.AddHours(23)), Is.EqualTo(new[] { "whsec_new", old }));
            Assert.That(webhook.SigningSecrets(Now.AddHours(24)), Is.EqualTo(new[] { "whsec_new" }));
        }
    }

    [TestCase("ftp://hooks.example.com/", "url")]
    [TestCase("https://user:secret@hooks.example.com/", "url")]
    [TestCase("https://hooks.example.com/#part", "url")]
    public void AUrlThatCannotBeATargetIsRefused(string url, string field) =>
        Assert.That(() => New(url: url), Throws.TypeOf<DomainValidationException>().With.Property(nameof(DomainValidationException.Errors)).ContainKey(field));

    [Test]
    public void DescriptionsAreTrimmedAndLimited()
    {
        Assert.That(New(description: "  Sheet ").Description, Is.EqualTo("Sheet"));
        Assert.That(() => New(description: new string('d', 201)), Throws.TypeOf<DomainValidationException>());
        Assert.That(() => New(description: "tab\there"), Throws.TypeOf<DomainValidationException>());
    }

    [Test]
    public void EventsAreAllByDefaultEachOnceInTheirOrderAndNeverEmptyOrUnknown()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(WebhookEvents.Normalise(null), Is.EqualTo(WebhookEvents.All));
            Assert.That(WebhookEvents.Normalise(["transaction.deleted", "transaction.created", "transaction.deleted"]), Is.EqualTo(new[] { "transaction.created", "transaction.deleted" }));
            Assert.That(() => WebhookEvents.Normalise([]), Throws.TypeOf<DomainValidationException>());
            Assert.That(() => WebhookEvents.Normalise(["Transaction.Created"]), Throws.TypeOf<DomainValidationException>());
            Assert.That(New(events: ["transaction.deleted"]).Wants("transaction.created"), Is.False);
        }
    }

    private static Webhook New(string url = "https://hooks.example.com/", string? description = null, string[]? events = null, long cursor = 0) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), new Uri(url), description, events, WebhookStatus.Active, "whsec_old", cursor, Now);
}

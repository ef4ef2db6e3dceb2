using System.Net;
using Cashman.Api.Webhooks;

namespace Cashman.Tests.Unit.Api;

/// <summary>Which addresses a webhook may reach: public unicast ones only.</summary>
public sealed class WebhookTargetsTests
{
    [TestCase("127.0.0.1")]
    [TestCase("127.255.255.254")]
    [TestCase("10.20.30.40")]
    [TestCase("172.31.255.255")]
    [TestCase("192.168.0.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("100.100.100.200")]
    [TestCase("0.0.0.0")]
    [TestCase("224.0.0.1")]
    [TestCase("239.255.255.250")]
    [TestCase("255.255.255.255")]
    [TestCase("192.0.2.10")]
    [TestCase("198.18.0.1")]
    [TestCase("::1")]
    [TestCase("::")]
    [TestCase("::ffff:127.0.0.1")]
    [TestCase("::ffff:10.0.0.1")]
    [TestCase("fe80::1")]
    [TestCase("fd00:ec2::254")]
    [TestCase("fc00::1")]
    [TestCase("ff02::1")]
    [TestCase("2001:db8::1")]
    [TestCase("64:ff9b::a00:1")]
    [TestCase("2002:a00:1::1")]
    public void ANonPublicAddressIsNotATarget(string address) => Assert.That(WebhookTargets.IsPublic(IPAddress.Parse(address)), Is.False);

    [TestCase("93.184.215.14")]
    [TestCase("1.1.1.1")]
    [TestCase("172.32.0.1")]
    [TestCase("100.128.0.1")]
    [TestCase("::ffff:93.184.215.14")]
    [TestCase("2606:4700:4700::1111")]
    [TestCase("2a00:1450:4001:80b::200e")]
    public void APublicAddressIsATarget(string address) => Assert.That(WebhookTargets.IsPublic(IPAddress.Parse(address)), Is.True);
}

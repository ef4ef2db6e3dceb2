using System.Diagnostics;

namespace Cashman.Tests.Integration;

/// <summary>The built <c>Cashman.Api.dll</c> as a process, started the way the image starts it (from its own folder).</summary>
public static class ApiProcess
{
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(TestContext.CurrentContext.TestDirectory, "Cashman.Api.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestContext.CurrentContext.TestDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }
}

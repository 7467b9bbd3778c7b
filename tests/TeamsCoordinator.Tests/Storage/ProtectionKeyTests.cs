using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Infrastructure;

namespace TeamsCoordinator.Tests.Storage;

/// <summary>Issue 15 point 6: where the key comes from, and that the bot never makes one up outside Development.</summary>
public sealed class ProtectionKeyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-keys-").FullName;
    public void Dispose() { try { Directory.Delete(_folder, true); } catch (IOException) { } }

    [Fact]
    public void OutsideDevelopmentAMissingKeyStopsTheStartWithAClearMessage()
    {
        using var bot = new BotApplicationFactory { Settings = { ["Protection:Key"] = null } };
        var e = Assert.ThrowsAny<Exception>(() => bot.CreateClient());
        var message = Flatten(e);
        Assert.Contains("Protection:Key", message);
        Assert.Contains("borgerdata krypteres", message);
        Assert.Empty(Directory.GetFiles(bot.DataFolder, "*.key"));
    }

    [Fact]
    public void OutsideDevelopmentAMissingKeyFileStopsTheStartAndNoKeyFileIsMade()
    {
        var path = Path.Combine(_folder, "configured.key");
        using var bot = new BotApplicationFactory { Settings = { ["Protection:Key"] = null, ["Protection:KeyFile"] = path } };
        var message = Flatten(Assert.ThrowsAny<Exception>(() => bot.CreateClient()));
        Assert.Contains(path, message);
        Assert.Contains("never makes a new key", message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AKeyFileOutsideDevelopmentIsRead()
    {
        var path = Path.Combine(_folder, "production.key");
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(key) + "\n");
        var protector = ProtectionKeys.FromConfiguration(Config(("Protection:KeyFile", path), ("Protection:KeyId", "2026a")), Env("Production"));
        Assert.Equal("2026a", protector.CurrentKeyId);
        var scope = new FieldScope("t", "c", 1);
        Assert.Equal("x", new FieldProtector("2026a", key).Unprotect(protector.Protect("x", scope), scope));
    }

    [Fact]
    public async Task DevelopmentMakesItsKeyFileOnceOwnerOnlyEvenWhenManyStartAtOnce()
    {
        var config = Config(("Storage:DataFolder", _folder));
        using var start = new Barrier(16);
        var protectors = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return ProtectionKeys.FromConfiguration(config, Env(Environments.Development));
        })));

        var path = Path.Combine(_folder, ProtectionKeys.DevelopmentKeyFileName);
        Assert.Equal([ProtectionKeys.DevelopmentKeyFileName], Directory.GetFiles(_folder).Select(Path.GetFileName)); // no temporary file left
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        // All agree on the one key: what one sealed, every other opens.
        var scope = new FieldScope("cases", "citizen_name", 7);
        var sealedByFirst = protectors[0].Protect("Anders", scope);
        Assert.All(protectors, p => Assert.Equal("Anders", p.Unprotect(sealedByFirst, scope)));
        // And a later start reads it rather than making another.
        var again = ProtectionKeys.FromConfiguration(config, Env(Environments.Development));
        Assert.Equal("Anders", again.Unprotect(sealedByFirst, scope));
    }

    [Fact]
    public void AKeyThatIsNotThirtyTwoBytesIsRefused()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            ProtectionKeys.FromConfiguration(Config(("Protection:Key", Convert.ToBase64String(new byte[16]))), Env("Production")));
        Assert.Contains("32", e.Message);
    }

    internal static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    internal static IHostEnvironment Env(string name) => new Env_(name);

    private sealed class Env_(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "TeamsCoordinator.Bot";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}

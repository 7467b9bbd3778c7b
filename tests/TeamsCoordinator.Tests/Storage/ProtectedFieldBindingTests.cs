using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Handovers;

namespace TeamsCoordinator.Tests.Storage;

/// <summary>
/// Issue 15 point 7: every protected value is bound to its table, column and row id, so a ciphertext moved to
/// another row or column is refused with a clear message instead of showing another citizen's data.
/// </summary>
public sealed class ProtectedFieldBindingTests : IAsyncLifetime
{
    private HandoverScenario _s = null!;
    private long _other;

    public async Task InitializeAsync()
    {
        _s = await HandoverScenario.StartAsync();
        _other = await _s.Bot.WithDbAsync(async db =>
        {
            var c = new CitizenCase
            {
                Initials = "CD", CaseNumber = "F-2026-0099", CoordinatingOrganisationId = "region", CoordinatorUserId = "sofie", CreatedBy = "sofie",
                Citizen = new ProtectedCitizen { FullName = "Birthe Anden", Cpr = "020202-2222" },
            };
            db.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private Task<CitizenCase> LoadAsync(long id) => _s.Bot.WithDbAsync(db => db.Set<CitizenCase>().AsNoTracking().SingleAsync(c => c.Id == id));

    private Task SqlAsync(string sql) => _s.Bot.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));

    [Fact]
    public async Task ACitizenIsOpenedHoweverTheQueryReachesItTrackedUntrackedWithItsTeamOrProjectedAlone()
    {
        var (tracked, untracked, projected) = await _s.Bot.WithDbAsync(async db => (
            await db.Set<CitizenCase>().Include(c => c.Members).SingleAsync(c => c.Id == _other),
            await db.Set<CitizenCase>().AsNoTracking().Include(c => c.Members).Where(c => c.Id == _s.CaseId || c.Id == _other).OrderBy(c => c.Id).ToListAsync(),
            await db.Set<CitizenCase>().AsNoTracking().Where(c => c.Id == _other).Select(c => c.Citizen).SingleAsync()));
        Assert.Equal(("Birthe Anden", "020202-2222"), (tracked.Citizen.FullName, tracked.Citizen.Cpr));
        Assert.Equal(["Birthe Anden"], untracked.Where(c => c.Id == _other).Select(c => c.Citizen.FullName));
        Assert.DoesNotContain(untracked, c => c.Citizen.FullName?.StartsWith("v2:") == true);
        Assert.Equal("020202-2222", projected.Cpr);
    }

    [Fact]
    public async Task TwoCitizensNamesSwappedInTheTableAreRefusedNotShownForEachOther()
    {
        Assert.Equal("Birthe Anden", (await LoadAsync(_other)).Citizen.FullName);
        await SqlAsync($"UPDATE cases SET citizen_name = (SELECT citizen_name FROM cases WHERE \"Id\" = {_other}) WHERE \"Id\" = {_s.CaseId}");

        var e = await Assert.ThrowsAsync<ProtectedDataException>(() => LoadAsync(_s.CaseId));
        Assert.Contains($"cases.citizen_name #{_s.CaseId}", e.Message);
        Assert.Contains("flyttet fra en anden række eller kolonne", e.Message);
        Assert.Contains("moved from another row or column", e.Message);
        Assert.Equal("Birthe Anden", (await LoadAsync(_other)).Citizen.FullName); // the source row is untouched
    }

    [Fact]
    public async Task ACprNumberMovedToAnotherColumnOfTheSameRowIsRefused()
    {
        await SqlAsync($"UPDATE cases SET citizen_phone = citizen_cpr WHERE \"Id\" = {_s.CaseId}");
        var e = await Assert.ThrowsAsync<ProtectedDataException>(() => LoadAsync(_s.CaseId));
        Assert.Contains($"cases.citizen_phone #{_s.CaseId}", e.Message);
    }

    [Fact]
    public async Task TwoDocumentsContentsSwappedAreRefused()
    {
        var (kip, plan) = (_s.DocumentIds["kip"], _s.DocumentIds["kriseplan"]);
        await SqlAsync($"UPDATE stored_files SET \"Content\" = (SELECT \"Content\" FROM stored_files WHERE \"Id\" = {plan}) WHERE \"Id\" = {kip}");
        var e = await Assert.ThrowsAsync<ProtectedDataException>(() =>
            _s.Bot.WithDbAsync(db => db.Set<StoredFile>().AsNoTracking().SingleAsync(f => f.Id == kip)));
        Assert.Contains($"stored_files.Content #{kip}", e.Message);
    }

    [Fact]
    public async Task PlaintextWrittenIntoAProtectedColumnIsRefused()
    {
        await SqlAsync($"UPDATE cases SET citizen_name = 'Falsk Navn' WHERE \"Id\" = {_s.CaseId}");
        var e = await Assert.ThrowsAsync<ProtectedDataException>(() => LoadAsync(_s.CaseId));
        Assert.Contains("not in a protected format", e.Message);
    }

    [Fact]
    public async Task AQueryThatFiltersOnAProtectedColumnIsRefusedRatherThanMatchingCiphertext()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _s.Bot.WithDbAsync(db => db.Set<CitizenCase>().Where(c => c.Citizen.Cpr == "010190-1234").ToListAsync()));
        Assert.Contains("ProtectedCitizen.Cpr is encrypted at rest", e.Message);
    }

    [Fact]
    public async Task LoadingAndSavingWithoutAChangeWritesNothingAndAnEditReSealsOnlyWhatChanged()
    {
        var before = await ProtectedAtRestTests.RawAsync(_s.Bot, "cases", "citizen_cpr");
        var (unchanged, edited) = await _s.Bot.WithDbAsync(async db =>
        {
            var c = await db.Set<CitizenCase>().SingleAsync(x => x.Id == _s.CaseId);
            var none = await db.SaveChangesAsync();
            c.Citizen.FullName = "Anders Nyt Navn";
            return (none, await db.SaveChangesAsync());
        });
        Assert.Equal((0, 1), (unchanged, edited));
        Assert.Equal(before, await ProtectedAtRestTests.RawAsync(_s.Bot, "cases", "citizen_cpr"));
        var after = await LoadAsync(_s.CaseId);
        Assert.Equal(("Anders Nyt Navn", "010190-1234"), (after.Citizen.FullName, after.Citizen.Cpr));
    }

    [Fact]
    public void TheFirstFormatWithoutKeyIdIsStillRead()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var v1 = V1(key, "Anders Borgersen");
        Assert.Equal("Anders Borgersen", new FieldProtector(key).Unprotect(v1, new FieldScope("cases", "citizen_name", 1)));
        var rotated = new FieldProtector("2", RandomNumberGenerator.GetBytes(32), new Dictionary<string, byte[]> { ["1"] = key });
        Assert.Equal("Anders Borgersen", rotated.Unprotect(v1, new FieldScope("cases", "citizen_name", 1)));
    }

    /// <summary>A value as the first version wrote it: v1:base64(nonce|tag|cipher), no associated data.</summary>
    internal static string V1(byte[] key, string plain)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var data = System.Text.Encoding.UTF8.GetBytes(plain);
        var cipher = new byte[data.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, data, cipher, tag);
        return "v1:" + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }
}

using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Tenants;

/// <summary>
/// A fictitious but realistic cross-sector setting for the embedded tenant: a region, three municipalities,
/// a GP practice and a relative. The first five people are the Agents Playground users (tests/e2e config), so
/// the demo runs as a real team. All names and numbers are made up.
/// </summary>
public static class DemoTenants
{
    public const string Region = "region-nordjylland";
    public const string Aalborg = "aalborg-kommune";
    public const string Broenderslev = "broenderslev-kommune";
    public const string Jammerbugt = "jammerbugt-kommune";
    public const string Gp = "laegerne-vestergade";
    public const string Network = "netvaerk";
    public const string PlaygroundTeamId = "team-id";
    /// <summary>The tenant Agents Playground puts on every activity (tests/e2e/playground.yml), served with the demo's.</summary>
    public const string PlaygroundTenantId = "00000000-0000-0000-0000-000000000001";

    public static readonly EmbeddedOrganisation[] Organisations =
    [
        new() { Id = Region, Name = "Region Nordjylland, Psykiatrien", Sector = Sector.Region, TenantId = "11111111-1111-4111-8111-111111111111", ChannelMode = ChannelMode.SharedChannel, HostTeamId = PlaygroundTeamId },
        new() { Id = Aalborg, Name = "Aalborg Kommune", Sector = Sector.Kommune, TenantId = "22222222-2222-4222-8222-222222222222", ChannelMode = ChannelMode.SharedChannel, HostTeamId = PlaygroundTeamId },
        new() { Id = Broenderslev, Name = "Brønderslev Kommune", Sector = Sector.Kommune, TenantId = "33333333-3333-4333-8333-333333333333", ChannelMode = ChannelMode.GuestChannel },
        new() { Id = Jammerbugt, Name = "Jammerbugt Kommune", Sector = Sector.Kommune, TenantId = "44444444-4444-4444-8444-444444444444", ChannelMode = ChannelMode.SharedChannel },
        new() { Id = Gp, Name = "Lægerne i Vestergade", Sector = Sector.AlmenPraksis, TenantId = null, ChannelMode = ChannelMode.EmailOnly },
        new() { Id = Network, Name = "Pårørende og netværk", Sector = Sector.Netvaerk, TenantId = null, ChannelMode = ChannelMode.EmailOnly },
    ];

    /// <summary>Playground users first, in the order of tests/e2e/playground.yml (user-id-0 … user-id-4).</summary>
    public static readonly EmbeddedPerson[] People =
    [
        P("00000000-0000-4000-8000-00000000a001", Region, "Mette Kjær", "mette.kjaer@rn.example", "Kontaktperson i distriktspsykiatrien"),
        P("00000000-0000-4000-8000-00000000b001", Aalborg, "Lars Nielsen", "lars.nielsen@aalborg.example", "Sagsbehandler, myndighed"),
        P("00000000-0000-4000-8000-00000000b002", Aalborg, "Camilla Berg", "camilla.berg@aalborg.example", "Støttekontaktperson, socialpsykiatrien"),
        P("00000000-0000-4000-8000-00000000a002", Region, "Jonas Holm", "jonas.holm@rn.example", "Overlæge, ansvarlig for den medicinske behandling"),
        P("00000000-0000-4000-8000-00000000c001", Broenderslev, "Peter Damgaard", "peter.damgaard@bronderslev.example", "Misbrugsbehandler"),
        P("00000000-0000-4000-8000-00000000a003", Region, "Sofie Lund", "sofie.lund@rn.example", "Sygeplejerske, sengeafsnit S2"),
        P("00000000-0000-4000-8000-00000000b003", Aalborg, "Ahmed Hassan", "ahmed.hassan@aalborg.example", "Sagsbehandler, jobcenteret"),
        P("00000000-0000-4000-8000-00000000b004", Aalborg, "Hanne Poulsen", "hanne.poulsen@aalborg.example", "Medarbejder på bosted"),
        P("00000000-0000-4000-8000-00000000e001", Jammerbugt, "Rasmus Friis", "rasmus.friis@jammerbugt.example", "Visitator"),
        P("local-gp-birgitte-holm", Gp, "Birgitte Holm", "birgitte.holm@laegerne-vestergade.example", "Praktiserende læge"),
        P("local-network-karen-jensen", Network, "Karen Jensen", "karen.jensen@mail.example", "Pårørende (mor)"),
    ];

    private static EmbeddedPerson P(string id, string org, string name, string email, string title) =>
        new() { UserId = id, OrganisationId = org, DisplayName = name, Email = email, JobTitle = title };

    /// <summary>Seeds the demo once, on an empty embedded directory, plus the channel pool from configuration.</summary>
    public static async Task SeedAsync(CoordinatorDb db, IEnumerable<(string TeamId, string ChannelId, string? Name)> channelPool, CancellationToken ct)
    {
        if (!await db.Set<EmbeddedOrganisation>().AnyAsync(ct))
        {
            db.AddRange(Organisations.Select(o => new EmbeddedOrganisation
            {
                Id = o.Id, Name = o.Name, Sector = o.Sector, TenantId = o.TenantId, ChannelMode = o.ChannelMode, HostTeamId = o.HostTeamId,
            }));
            db.AddRange(People.Select(p => new EmbeddedPerson
            {
                UserId = p.UserId, OrganisationId = p.OrganisationId, DisplayName = p.DisplayName, Email = p.Email, JobTitle = p.JobTitle,
            }));
        }
        foreach (var (teamId, channelId, name) in channelPool)
            if (!await db.Set<EmbeddedChannel>().AnyAsync(c => c.ChannelId == channelId, ct))
                db.Add(new EmbeddedChannel { ChannelId = channelId, TeamId = teamId, Name = name });
        await db.SaveChangesAsync(ct);
    }
}

using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Tests.Cases;

/// <summary>The embedded demo's people as Teams would address them (their Entra object ids match the directory).</summary>
public static class DemoPeople
{
    public static ChannelAccount Account(string name)
    {
        var p = DemoTenants.People.Single(x => x.DisplayName == name);
        return new ChannelAccount { Id = "29:" + p.UserId[^4..], Name = p.DisplayName, AadObjectId = p.UserId };
    }

    public static string UserId(string name) => DemoTenants.People.Single(x => x.DisplayName == name).UserId;

    /// <summary>Region Nordjylland: distriktspsykiatrien.</summary>
    public static ChannelAccount Mette => Account("Mette Kjær");
    /// <summary>Region Nordjylland: overlæge.</summary>
    public static ChannelAccount Jonas => Account("Jonas Holm");
    /// <summary>Aalborg Kommune: sagsbehandler.</summary>
    public static ChannelAccount Lars => Account("Lars Nielsen");
    /// <summary>Aalborg Kommune: støttekontaktperson.</summary>
    public static ChannelAccount Camilla => Account("Camilla Berg");
    /// <summary>Brønderslev Kommune: misbrugsbehandler.</summary>
    public static ChannelAccount Peter => Account("Peter Damgaard");
}

namespace TeamsCoordinator.Tenants.Graph;

/// <summary>
/// The Danish explanations shown to staff when Microsoft 365 says no or not now. They name organisations and
/// staff, say what an administrator must set up, and never mention the citizen.
/// </summary>
internal static class GraphReasons
{
    public static string CrossTenantNotSetUp(OrganisationOptions member, OrganisationOptions host) =>
        $"{member.Name} kan endnu ikke deltage i delte kanaler fra {host.Name}: Microsoft 365 afviste adgangen på tværs af organisationerne. " +
        $"It-administratorerne i begge organisationer skal slå B2B direct connect til for hinanden (Microsoft Entra ID → Eksterne identiteter → " +
        $"Indstillinger for adgang på tværs af lejere, både indgående og udgående) og tillade delte kanaler med eksterne i Teams-politikkerne. " +
        $"Indtil da kan {member.Name} sættes op til gæsteadgang eller gruppechat.";

    public static string NotForSharedChannel(OrganisationOptions member) =>
        $"{member.Name} er sat op til at deltage som {ModeName(member.EffectiveMode)}, men forløbets kanal er en delt kanal, " +
        $"og dem kan kun organisationer med B2B direct connect deltage i. Bed administratoren sætte {member.Name} op til delte kanaler, " +
        "eller opret forløbet igen, så kanalen laves som gæstekanal eller gruppechat.";

    /// <param name="permission">The application permission(s) Microsoft Graph documents for the call, as the administrator sees them in Entra ID.</param>
    public static string AppNotPermitted(OrganisationOptions host, string what, string permission) =>
        $"Koordinator har ikke lov til at {what} i {host.Name}s Microsoft 365. En administrator i {host.Name} skal give appen " +
        $"Microsoft Graph-programtilladelsen {permission} med administratorsamtykke (Microsoft Entra ID → Virksomhedsprogrammer → Koordinator → " +
        "Tilladelser → Giv administratorsamtykke) og installere Koordinator i forløbsteamet.";

    public static string GuestInvitationRefused(OrganisationOptions member, OrganisationOptions host) =>
        $"{host.Name} tillader ikke, at Koordinator inviterer gæster fra {member.Name}. En administrator i {host.Name} skal tillade " +
        "gæsteinvitationer (Microsoft Entra ID → Eksterne identiteter → Indstillinger for eksternt samarbejde) for appen.";

    public static string ExternalChatRefused(OrganisationOptions member, OrganisationOptions host) =>
        $"Microsoft 365 afviste at tage {member.Name} med i en gruppechat fra {host.Name}. Begge organisationer skal tillade " +
        "ekstern adgang (chat med eksterne organisationer) i Teams-administrationen.";

    public static string PersonNotFound(DirectoryPerson person, OrganisationOptions org) =>
        $"{person.DisplayName} findes ikke (længere) i {org.Name}s brugerkatalog, eller kontoen er spærret.";

    public static string NoEmail(DirectoryPerson person) =>
        $"{person.DisplayName} har ingen e-mailadresse i brugerkataloget, så der kan ikke sendes en gæsteinvitation.";

    public static string UnknownOrganisation(string organisationId) =>
        $"Organisationen '{organisationId}' er ikke sat op i Koordinator (Tenants:Organisations).";

    public static string NotHostedHere(string teamId) =>
        $"Forløbets kanal ligger i et team ({teamId}), som ingen af de opsatte organisationer har som forløbsteam.";

    public const string Busy = "Microsoft 365 svarer ikke lige nu eller beder os vente; der prøves igen automatisk.";

    public static string Rejected(GraphProblem problem) =>
        $"Microsoft 365 afviste ændringen ({problem}). Kontakt en administrator, hvis det gentager sig.";

    public static string DirectoryUnavailable(OrganisationOptions org) =>
        $"{org.Name}s brugerkatalog kan ikke søges i lige nu. Prøv igen om lidt.";

    public static string NoHostTeam(OrganisationOptions host) =>
        $"{host.Name} har ikke noget forløbsteam i Teams (Tenants:Organisations:HostTeamId), så forløbskanalen kan ikke oprettes.";

    public static string OwnerOutsideHost(DirectoryPerson owner, OrganisationOptions host) =>
        $"Kanalens ejer skal være fra {host.Name}, men {owner.DisplayName} er ikke i {host.Name}s Microsoft 365.";

    public static string ChannelStillBeingCreated(string name) =>
        $"Teams er stadig i gang med at oprette kanalen «{name}». Der prøves igen automatisk.";

    public static string ChannelCreationFailed(string name, string? detail) =>
        $"Teams kunne ikke oprette kanalen «{name}»{(detail is null ? "" : $": {detail}")}.";

    public static string ChannelExistsWithOtherType(string name) =>
        $"Der findes allerede en kanal «{name}» i forløbsteamet, men af en anden type. Omdøb eller slet den, og prøv igen.";

    public static string NoFilesFolder(OrganisationOptions host) =>
        $"Forløbskanalens filer er ikke klar endnu i {host.Name}s Microsoft 365 (SharePoint opretter kanalens mappe første gang, den bruges). " +
        "Dokumentet er gemt i Koordinator og lægges i kanalens filer automatisk, så snart mappen findes.";

    public static string ModeName(ChannelMode mode) => mode switch
    {
        ChannelMode.SharedChannel => "medlem af en delt kanal",
        ChannelMode.GuestChannel => "gæst i en privat kanal",
        ChannelMode.GroupChat => "deltager i en gruppechat",
        _ => "modtager af e-mail",
    };
}

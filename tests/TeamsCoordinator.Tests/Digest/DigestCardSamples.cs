using TeamsCoordinator.Digest;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Digest;

/// <summary>The morning overview with every kind of line (late and not), and the on-demand answer when nothing waits.</summary>
public sealed class DigestCardSamples : ICardSamples
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 3);

    public static DigestContent SampleContent()
    {
        HandoverRow Baton(string id, HandoverState state, int deadlineDays, bool discharge = false) => new(id, 1, state, HandoverSubject.WholeCase,
            Now.AddDays(deadlineDays), discharge ? Now.AddDays(-1) : null, "aad-sofie", "Sofie Lund", "aalborg", null, null,
            state == HandoverState.Accepteret ? "aad-lars" : null, state == HandoverState.Accepteret ? "Lars Nielsen" : null);
        return DigestContent.Of("aad-sofie",
        [
            (1, "AB · F-2026-0042", DigestLines.Of(Baton("h1", HandoverState.Afventer, -2), "Aalborg Kommune", Now)),
            (1, "AB · F-2026-0042", DigestLines.ConsentExpiring(1, Today.AddDays(20), Today)),
            (1, "AB · F-2026-0042", DigestLines.KipReview(1, Today.AddDays(10), Today)),
            (1, "AB · F-2026-0042", DigestLines.TaskDue(new DueTask("t1", 1, "aad-lars", "Lars Nielsen", "aalborg", Today.AddDays(-1)), "Aalborg Kommune", Today)),
            (1, "AB · F-2026-0042", DigestLines.TaskDue(new DueTask("t2", 1, "aad-camilla", "Camilla Berg", "aalborg", Today), "Aalborg Kommune", Today)),
            (2, "CD · F-2026-0107", DigestLines.TaskDue(new DueTask("t3", 2, "aad-mette", "Mette Kjær", "region", Today.AddDays(5)), "Region Nordjylland, Psykiatrien", Today)),
            (2, "CD · F-2026-0107", DigestLines.MeetingWithoutMinutes(new HeldMeeting("m1", 2, MeetingKind.Netvaerksmoede, Now.AddDays(-6)))),
            (3, "EF · F-2026-0200", DigestLines.MeetingWithoutMinutes(new HeldMeeting("m2", 3, MeetingKind.Udskrivningsmoede, Now.AddDays(-3)))),
            (2, "CD · F-2026-0107", DigestLines.Of(Baton("h2", HandoverState.Accepteret, -4, discharge: true), "Aalborg Kommune", Now)),
            (2, "CD · F-2026-0107", DigestLines.ConsentExpiring(2, Today.AddDays(-3), Today)),
            (3, "EF · F-2026-0200", DigestLines.Of(Baton("h3", HandoverState.Afventer, 2), "Aalborg Kommune", Now)),
            (3, "EF · F-2026-0200", DigestLines.KipReview(3, Today.AddDays(-5), Today)),
        ]);
    }

    public IEnumerable<CatalogCard> Cards =>
    [
        new("digest-morning", DigestCard.Build(SampleContent(), Today)),
        new("digest-one-forloeb", DigestCard.Build(DigestContent.Of("aad-lars", [(3, "EF · F-2026-0200", DigestLines.KipReview(3, Today.AddDays(3), Today))]), Today)),
        new("digest-nothing", DigestCard.Nothing(Today)),
    ];
}

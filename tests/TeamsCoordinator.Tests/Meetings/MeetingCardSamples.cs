using TeamsCoordinator.Cases;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Tenants;
using TeamsCoordinator.Tests.Cases;
using TeamsCoordinator.Tests.EndToEnd;

namespace TeamsCoordinator.Tests.Meetings;

/// <summary>The meeting cards: the form (and refused), the slots (with unknown people, without a common slot, none at all, a move), the poll, the agenda booked, pending and cancelled.</summary>
public sealed class MeetingCardSamples : ICardSamples
{
    public IEnumerable<CatalogCard> Cards
    {
        get
        {
            var c = CaseCardSamples.SampleCase();
            var today = new DateOnly(2026, 12, 3);
            var m = new Meeting
            {
                Id = 1, PublicId = "0123456789abcdef0123456789abcdef", CaseId = 1, Purpose = "Fælles plan for tiden efter udskrivning", OrganiserUserId = c.CoordinatorUserId,
                CreatedBy = c.CoordinatorUserId, Online = true, DurationMinutes = 60, WindowFrom = today.AddDays(1), WindowTo = today.AddDays(15), CitizenAttends = true,
                Participants = [.. c.ActiveMembers.Select(x => new MeetingParticipant
                {
                    UserId = x.UserId, DisplayName = x.DisplayName, OrganisationId = x.OrganisationId, Sector = x.Sector, Email = x.Email,
                    HasTeams = x.Channel != ChannelMembership.EmailOnly,
                })],
            };
            var starts = new[] { new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 10, 12, 30, 0, TimeSpan.Zero) };
            m.Proposed = [.. starts];
            var ids = m.Participants.Select(p => p.UserId).ToList();
            Slot SlotAt(DateTimeOffset start, SlotAnswer second) => new(start, start.AddHours(1),
                ids.Select((id, i) => (id, a: i == ids.Count - 1 ? SlotAnswer.Unknown : i == 1 ? second : SlotAnswer.Free)).ToDictionary(x => x.id, x => x.a));
            var unknown = new Dictionary<string, string> { [ids[^1]] = EmbeddedMeetingCalendars.NoMicrosoft365 };
            var common = new SlotResult([SlotAt(starts[0], SlotAnswer.Free), SlotAt(starts[1], SlotAnswer.Tentative), SlotAt(starts[2], SlotAnswer.Free)], true);
            var notCommon = new SlotResult([SlotAt(starts[0], SlotAnswer.Busy), SlotAt(starts[1], SlotAnswer.Busy)], false);

            var poll = Clone(m, MeetingState.Afstemning);
            for (var i = 0; i < poll.Participants.Count; i++) poll.Participants[i].Poll = i == 0 ? "jnj" : i == 1 ? "n??" : "???";
            var booked = Clone(m, MeetingState.Booket);
            (booked.Start, booked.End, booked.JoinUrl, booked.EventId) = (starts[1], starts[1].AddHours(1), "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0", "AAMk=");
            booked.Agenda =
            [
                new() { Kind = AgendaItemKind.Opfoelgning, Title = MeetingTexts.FollowUpTitle, Background = "- Søg bostøtte (ansvarlig: Lars Nielsen)", Proposal = "aftalerne gennemgås.", AddedBy = "x" },
                new() { Kind = AgendaItemKind.Punkt, Order = 1, Title = "Bolig efter udskrivning", Background = "Lejligheden er opsagt pr. 1. februar.", Proposal = "kommunen undersøger et botilbud.", Attachments = ["kip"], AddedBy = "x" },
                new() { Kind = AgendaItemKind.Eventuelt, Title = MeetingTexts.AnyOtherBusiness, AddedBy = "x" },
            ];
            var pending = Clone(booked, MeetingState.AfventerBooking);
            (pending.JoinUrl, pending.EventId, pending.PendingReason) = (null, null, "Microsoft 365 svarer ikke lige nu eller beder os vente; der prøves igen automatisk. Koordinator prøver igen automatisk.");
            var cancelled = Clone(booked, MeetingState.Aflyst);
            var documents = new List<(string, string)> { ("kip", "KIP v3"), ("kriseplan", "Kriseplan v1") };
            return
            [
                new("meeting-form", MeetingCards.Form(c, "form-1", today)),
                new("meeting-form-refused", MeetingCards.Form(c, "form-1", today, new Dictionary<string, string> { ["purpose"] = "Plan" },
                    "Rasmus Friis (Jammerbugt Kommune) kan ikke inviteres: borgerens samtykke dækker ikke deres organisation for kontaktoplysninger, som et møde deler.")),
                new("meeting-slots", MeetingCards.Slots(c, m, common, unknown, moving: false)),
                new("meeting-slots-no-common", MeetingCards.Slots(c, m, notCommon, new Dictionary<string, string>(), moving: false)),
                new("meeting-slots-none", MeetingCards.Slots(c, m, new SlotResult([], false), new Dictionary<string, string>(), moving: false)),
                new("meeting-slots-move", MeetingCards.Slots(c, booked, common, unknown, moving: true)),
                new("meeting-poll", MeetingCards.Poll(c, poll)),
                new("meeting-agenda", MeetingCards.Agenda(c, booked, documents)),
                new("meeting-agenda-pending", MeetingCards.Agenda(c, pending, [])),
                new("meeting-agenda-cancelled", MeetingCards.Agenda(c, cancelled, documents)),
                new("meeting-held-without-referat", MeetingCards.Held(c, booked, hasMinutes: false)),
                new("meeting-held-with-referat", MeetingCards.Held(c, booked, hasMinutes: true)),
            ];
        }
    }

    private static Meeting Clone(Meeting m, MeetingState state) => new()
    {
        Id = m.Id, PublicId = m.PublicId, CaseId = m.CaseId, Purpose = m.Purpose, OrganiserUserId = m.OrganiserUserId, CreatedBy = m.CreatedBy, Online = m.Online,
        DurationMinutes = m.DurationMinutes, WindowFrom = m.WindowFrom, WindowTo = m.WindowTo, CitizenAttends = m.CitizenAttends, State = state, Proposed = [.. m.Proposed],
        Start = m.Start, End = m.End, JoinUrl = m.JoinUrl, EventId = m.EventId, Agenda = m.Agenda,
        Participants = [.. m.Participants.Select(p => new MeetingParticipant { UserId = p.UserId, DisplayName = p.DisplayName, OrganisationId = p.OrganisationId, Sector = p.Sector, HasTeams = p.HasTeams, Email = p.Email })],
    };
}

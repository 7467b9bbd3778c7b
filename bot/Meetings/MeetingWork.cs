using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Meetings;

/// <summary>
/// A meeting of the forløb from the form to the agenda: who may call it (the coordinator), whom it may invite (members
/// whose organisation the consent covers for meetings), the slot search across the tenants' calendars, the poll, the
/// booking, moves and cancellation, and the agenda that any member adds to. Audited like every access to a forløb.
/// </summary>
public sealed class MeetingWork(CaseAccess access, ConsentPolicy consent, ICollaborationTenants tenants, IMeetingCalendars calendars,
    MeetingDeliveries deliveries, Documents.DocumentWork documents, AuditLog audit, TimeProvider time)
{
    /// <summary>Being invited to coordinate a meeting shares contact data between the sectors (not health details).</summary>
    public const InformationKind ConsentKind = InformationKind.ContactData;

    public static string OnlyCoordinator(CitizenCase c) =>
        $"Kun forløbets koordinator ({c.ActiveMember(c.CoordinatorUserId)?.DisplayName ?? "tovholderen"}) kan indkalde til møder. Bed koordinatoren, eller overtag rollen med @Koordinator koordinator.";

    public static string OnlyOrganiser(Meeting m) =>
        $"Kun mødets arrangør ({m.Participants.FirstOrDefault(p => p.UserId == m.OrganiserUserId)?.DisplayName ?? "koordinatoren"}) kan vælge, flytte eller aflyse tidspunktet.";

    public const string Stale = "Mødet er ændret siden kortet blev vist. Skriv @Koordinator dagsorden for at se mødet, som det er nu.";

    public async Task<AdaptiveCard> FormAsync(Turn turn, CancellationToken ct)
    {
        var c = await access.ForChannelAsync(turn, "netværksmøde", ct);
        if (c is null) return CaseCards.Message("Møde", CaseAccess.NotFound(turn));
        if (c.CoordinatorUserId != turn.UserKey) return CaseCards.Message($"Forløb {c.Label}", OnlyCoordinator(c), c.Id);
        return MeetingCards.Form(c, Guid.NewGuid().ToString("N"), consent.Today);
    }

    public async Task<AdaptiveCardInvokeResponse> SearchAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "netværksmøde søg", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        if (c.CoordinatorUserId != turn.UserKey) return AdaptiveCardInvokeResponse.Message(OnlyCoordinator(c));
        var formId = action.Get("formId");
        if (formId is not { Length: 32 } || !formId.All(char.IsAsciiHexDigit))
            return AdaptiveCardInvokeResponse.Message("Kortet mangler oplysninger. Skriv @Koordinator netværksmøde for at starte forfra.");
        var existing = await Meetings(turn).FirstOrDefaultAsync(m => m.PublicId == formId, ct);
        if (existing is not null && existing.CaseId == c.Id && existing.State != MeetingState.Forslag)
            return AdaptiveCardInvokeResponse.Card(await ViewAsync(c, existing, ct)); // a second click on the form after it was decided
        AdaptiveCardInvokeResponse Again(string problem) => AdaptiveCardInvokeResponse.Card(MeetingCards.Form(c, formId, consent.Today, action.Data, problem));

        var today = consent.Today;
        if (!DateOnly.TryParseExact(action.Get("from") ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ||
            !DateOnly.TryParseExact(action.Get("to") ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
            return Again("Skriv perioden som datoer (åååå-mm-dd).");
        if (from < today) return Again("Perioden kan ikke begynde i fortiden.");
        if (to < from) return Again("»Senest« skal ligge efter »Tidligst«.");
        if (to > today.AddDays(7 * MeetingCards.MaxWeeksAhead)) return Again($"Koordinator finder tider op til {MeetingCards.MaxWeeksAhead} uger frem. Vælg en kortere periode.");
        if (!int.TryParse(action.Get("duration"), CultureInfo.InvariantCulture, out var minutes) || !MeetingCards.Durations.Contains(minutes))
            return Again("Vælg mødets varighed.");
        if (!Enum.TryParse<MeetingKind>(action.Get("kind"), out var kind) || !Enum.IsDefined(kind)) return Again("Vælg mødetypen.");
        var purpose = action.Get("purpose");
        if (purpose is null) return Again("Skriv mødets formål.");
        var online = action.Get("form") != "physical";
        var place = action.Get("place");
        if (!online && place is null) return Again("Skriv, hvor det fysiske møde holdes.");

        var chosen = (action.Get("participants") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        chosen.Add(c.CoordinatorUserId); // the organiser takes part in their own meeting
        var members = c.ActiveMembers.Where(m => chosen.Contains(m.UserId)).ToList();
        if (members.Count < 2) return Again("Vælg mindst én deltager ud over dig selv.");
        if (chosen.Any(id => c.ActiveMember(id) is null)) return Again("En af de valgte er ikke (længere) med i teamet. Vælg igen.");
        var organisations = (await tenants.GetOrganisationsAsync(ct)).ToDictionary(o => o.Id);
        var refused = new List<string>();
        foreach (var member in members)
            if (!await consent.CoversAsync(c, member.OrganisationId, ConsentKind, ct))
                refused.Add($"{member.DisplayName} ({CaseCards.OrgName(organisations, member.OrganisationId)})");
        if (refused.Count > 0)
        {
            audit.Record("meeting.refused", c.Id, $"samtykke dækker ikke {refused.Count} deltager(e)");
            return Again($"{string.Join(", ", refused)} kan ikke inviteres: borgerens samtykke dækker ikke deres organisation for {ConsentPolicy.Describe(ConsentKind)}, " +
                         "som et møde deler. Fjern dem fra listen, eller registrér et nyt samtykke med @Koordinator samtykke, hvis borgeren ønsker det.");
        }

        var meeting = existing ?? new Meeting { PublicId = formId, Purpose = purpose, OrganiserUserId = turn.UserKey, CreatedAt = turn.Now, CreatedBy = turn.UserKey, CaseId = c.Id };
        (meeting.Kind, meeting.Purpose, meeting.Online, meeting.Place, meeting.DurationMinutes, meeting.WindowFrom, meeting.WindowTo) =
            (kind, purpose, online, online ? null : place, minutes, from, to);
        meeting.CitizenAttends = action.Get("citizen") != "false";
        meeting.Participants.Clear();
        meeting.Participants.AddRange(members.Select(m => new MeetingParticipant
        {
            UserId = m.UserId, DisplayName = m.DisplayName, OrganisationId = m.OrganisationId, Sector = m.Sector, Email = m.Email, TenantId = m.TenantId,
            HasTeams = m.Channel != ChannelMembership.EmailOnly && organisations.GetValueOrDefault(m.OrganisationId)?.TenantId is not null, Role = m.Role,
        }));
        if (existing is null) turn.Db.Add(meeting);
        meeting.Version++;
        var (result, unknown) = await FindSlotsAsync(meeting, from, to, ct);
        meeting.Proposed = result.Best.Select(s => s.Start).ToList();
        audit.Record("meeting.search", c.Id, $"{meeting.PublicId}: {members.Count} deltagere, {result.Best.Count} forslag");
        var card = MeetingCards.Slots(c, meeting, result, unknown, moving: false);
        turn.Reply(card, correlationKey: meeting.SlotsCardKey); // in the thread, for the team
        return AdaptiveCardInvokeResponse.Card(card);
    }

    private async Task<(SlotResult Result, Dictionary<string, string> Unknown)> FindSlotsAsync(Meeting m, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var people = m.Participants.Select(p => p.ToCalendarPerson()).ToList();
        var availability = await calendars.GetAvailabilityAsync(people,
            SlotSearch.Utc(from, TimeOnly.MinValue, WorkingHours.Copenhagen), SlotSearch.Utc(to.AddDays(1), TimeOnly.MinValue, WorkingHours.Copenhagen), ct);
        var result = SlotSearch.Find(new SlotQuery(availability, from, to, m.Duration, time.GetUtcNow().AddHours(1)));
        return (result, availability.Where(a => !a.Known).ToDictionary(a => a.UserId, a => a.UnknownReason ?? "kalenderen kan ikke læses"));
    }

    /// <summary>"Vælg" on the slots card or the poll, or "Flyt hertil": the organiser decides; the meeting is made (or moved) in Microsoft 365.</summary>
    public async Task<AdaptiveCardInvokeResponse> BookAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (c, m, refusal) = await LoadAsync(turn, action, "møde book", ct);
        if (refusal is not null) return refusal;
        if (m!.OrganiserUserId != turn.UserKey) return AdaptiveCardInvokeResponse.Message(OnlyOrganiser(m));
        if (!int.TryParse(action.Get("slot"), CultureInfo.InvariantCulture, out var slot) || slot < 0 || slot >= m.Proposed.Count)
            return AdaptiveCardInvokeResponse.Message(Stale);
        var start = m.Proposed[slot];
        if (m.State == MeetingState.Aflyst) return AdaptiveCardInvokeResponse.Message("Mødet er aflyst. Indkald til et nyt med @Koordinator netværksmøde.");
        if (m.Start == start && m.State is MeetingState.Booket or MeetingState.AfventerBooking)
            return AdaptiveCardInvokeResponse.Card(await ViewAsync(c!, m, ct)); // a double click
        var moving = m.EventId is not null;
        if (m.State == MeetingState.Afstemning) // the poll's answers for the chosen time become who comes and who sent afbud
            foreach (var p in m.Participants)
                p.Answer = MeetingCards.PollAnswer(p, slot) switch { 'j' => ParticipantAnswer.Kommer, 'n' => ParticipantAnswer.Afbud, _ => p.Answer };
        (m.Start, m.End) = (start, start + m.Duration);
        m.State = MeetingState.AfventerBooking;
        m.PendingReason = null;
        if (moving) m.Sequence++;
        if (m.Agenda.Count == 0) await OpenAgendaAsync(c!, m, turn, ct);
        m.Version++;
        var delivery = moving
            ? deliveries.Enqueue(m, DeliveryKind.UpdateEvent, $"meeting:{m.PublicId}:s{m.Sequence}:update")
            : deliveries.Enqueue(m, DeliveryKind.CreateEvent, $"meeting:{m.PublicId}:create");
        audit.Record(moving ? "meeting.move" : "meeting.book", c!.Id, $"{m.PublicId}: {start:O}");
        await deliveries.AttemptAsync(delivery, m, c, ct);
        if (m.State == MeetingState.AfventerBooking && m.PendingReason is null) await deliveries.UpdateAgendaCardAsync(c, m, ct);
        return AdaptiveCardInvokeResponse.Card(await ViewAsync(c, m, ct));
    }

    /// <summary>A new meeting opens by reviewing the agreements from last time and ends with Eventuelt.</summary>
    private async Task OpenAgendaAsync(CitizenCase c, Meeting m, Turn turn, CancellationToken ct)
    {
        var agreements = await LastAgreementsAsync(c, turn, ct);
        m.Agenda.Add(new AgendaItem
        {
            Kind = AgendaItemKind.Opfoelgning, Title = MeetingTexts.FollowUpTitle, AddedBy = turn.UserKey, AddedAt = turn.Now,
            Background = agreements.Count == 0 ? "Ingen åbne aftaler fra sidste møde." : string.Join("\n", agreements.Select(a => "- " + a)),
            Proposal = agreements.Count == 0 ? null : "aftalerne gennemgås, og hver ansvarlig fortæller, hvor langt de er.",
        });
        m.Agenda.Add(new AgendaItem { Kind = AgendaItemKind.Eventuelt, Title = MeetingTexts.AnyOtherBusiness, AddedBy = turn.UserKey, AddedAt = turn.Now });
    }

    /// <summary>The forløb's open agreements: the tasks still open and the latest referat's agreements (as the referat form lists them).</summary>
    private async Task<IReadOnlyList<string>> LastAgreementsAsync(CitizenCase c, Turn turn, CancellationToken ct) =>
        [.. (await documents.FactsAsync(c, turn.UserKey, turn.UserDisplayName, ct)).OpenAgreements.Select(a => a.Line)];

    public async Task<AdaptiveCardInvokeResponse> PollAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (c, m, refusal) = await LoadAsync(turn, action, "møde afstemning", ct);
        if (refusal is not null) return refusal;
        if (m!.OrganiserUserId != turn.UserKey) return AdaptiveCardInvokeResponse.Message(OnlyOrganiser(m));
        if (m.State == MeetingState.Afstemning) return AdaptiveCardInvokeResponse.Card(MeetingCards.Poll(c!, m));
        if (m.State != MeetingState.Forslag || m.Proposed.Count == 0) return AdaptiveCardInvokeResponse.Message(Stale);
        m.State = MeetingState.Afstemning;
        foreach (var p in m.Participants) p.Poll = new string('?', m.Proposed.Count);
        m.Version++;
        foreach (var p in m.Participants.Where(p => !p.HasTeams && p.Email is not null))
            deliveries.Enqueue(m, DeliveryKind.Mail, $"meeting:{m.PublicId}:poll:{p.UserId}", p.UserId, "POLL");
        audit.Record("meeting.poll", c!.Id, m.PublicId);
        var card = MeetingCards.Poll(c, m);
        PostOrUpdate(turn, c, PollKey(m), card, m.Version, post: true);
        return AdaptiveCardInvokeResponse.Card(card);
    }

    public static string PollKey(Meeting m) => $"meeting:{m.PublicId}:poll";

    public async Task<AdaptiveCardInvokeResponse> AnswerAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (c, m, refusal) = await LoadAsync(turn, action, "møde svar", ct);
        if (refusal is not null) return refusal;
        if (m!.State != MeetingState.Afstemning) return AdaptiveCardInvokeResponse.Card(await ViewAsync(c!, m, ct));
        var me = m.Participants.FirstOrDefault(p => p.UserId == turn.UserKey);
        if (me is null) return AdaptiveCardInvokeResponse.Message("Du er ikke inviteret til mødet, så du svarer ikke i afstemningen.");
        if (!int.TryParse(action.Get("slot"), CultureInfo.InvariantCulture, out var slot) || slot < 0 || slot >= m.Proposed.Count || action.Get("answer") is not ("j" or "n"))
            return AdaptiveCardInvokeResponse.Message(Stale);
        var answers = me.Poll.PadRight(m.Proposed.Count, '?').ToCharArray();
        answers[slot] = action.Get("answer")![0];
        me.Poll = new string(answers);
        m.Version++;
        var card = MeetingCards.Poll(c!, m);
        PostOrUpdate(turn, c!, PollKey(m), card, m.Version, post: false);
        return AdaptiveCardInvokeResponse.Card(card);
    }

    /// <summary>"Meld afbud" on the agenda card: the participant will not come (the referat lists them under Afbud).</summary>
    public async Task<AdaptiveCardInvokeResponse> DeclineAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (c, m, refusal) = await LoadAsync(turn, action, "møde afbud", ct);
        if (refusal is not null) return refusal;
        var me = m!.Participants.FirstOrDefault(p => p.UserId == turn.UserKey);
        if (me is null) return AdaptiveCardInvokeResponse.Message("Du er ikke inviteret til mødet.");
        if (me.Answer != ParticipantAnswer.Afbud && m.State != MeetingState.Aflyst)
        {
            me.Answer = ParticipantAnswer.Afbud;
            m.Version++;
            audit.Record("meeting.decline", c!.Id, m.PublicId);
            await deliveries.UpdateAgendaCardAsync(c, m, ct);
        }
        return AdaptiveCardInvokeResponse.Card(await ViewAsync(c!, m, ct));
    }

    public async Task<AdaptiveCardInvokeResponse> MoveAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (c, m, refusal) = await LoadAsync(turn, action, "møde flyt", ct);
        if (refusal is not null) return refusal;
        if (m!.OrganiserUserId != turn.UserKey) return AdaptiveCardInvokeResponse.Message(OnlyOrganiser(m));
        if (m.State is not (MeetingState.Booket or MeetingState.AfventerBooking)) return AdaptiveCardInvokeResponse.Message(Stale);
        var today = consent.Today;
        var from = today.AddDays(1);
        var to = m.WindowTo > from.AddDays(14) ? m.WindowTo : from.AddDays(14);
        var (result, unknown) = await FindSlotsAsync(m, from, to, ct);
        m.Proposed = result.Best.Select(s => s.Start).ToList();
        m.Version++;
        return AdaptiveCardInvokeResponse.Card(MeetingCards.Slots(c!, m, result, unknown, moving: true));
    }

    public async Task<AdaptiveCardInvokeResponse> CancelAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (c, m, refusal) = await LoadAsync(turn, action, "møde aflys", ct);
        if (refusal is not null) return refusal;
        if (m!.OrganiserUserId != turn.UserKey) return AdaptiveCardInvokeResponse.Message(OnlyOrganiser(m));
        if (m.State == MeetingState.Aflyst) return AdaptiveCardInvokeResponse.Card(await ViewAsync(c!, m, ct));
        var wasInCalendar = m.EventId is not null;
        m.State = MeetingState.Aflyst;
        m.Sequence++;
        m.Version++;
        audit.Record("meeting.cancel", c!.Id, m.PublicId);
        if (wasInCalendar)
        {
            var cancel = deliveries.Enqueue(m, DeliveryKind.CancelEvent, $"meeting:{m.PublicId}:cancel");
            foreach (var p in m.Participants.Where(p => !p.HasTeams && p.Email is not null && p.UserId != m.OrganiserUserId))
                deliveries.Enqueue(m, DeliveryKind.Mail, $"meeting:{m.PublicId}:s{m.Sequence}:cancel:{p.UserId}", p.UserId, MeetingInvitation.Cancel);
            await deliveries.AttemptAsync(cancel, m, c, ct);
        }
        await deliveries.UpdateAgendaCardAsync(c, m, ct);
        return AdaptiveCardInvokeResponse.Card(await ViewAsync(c, m, ct));
    }

    /// <summary>Any member adds an item; the agenda card updates in place for everyone.</summary>
    public async Task<(CitizenCase? Case, Meeting? Meeting, string Answer)> AddAgendaItemAsync(Turn turn, CitizenCase c, Meeting m, string title,
        string? background, string? proposal, IEnumerable<string> attachments, CancellationToken ct)
    {
        if (m.State == MeetingState.Aflyst) return (c, m, "Mødet er aflyst.");
        var documents = (await deliveries.DocumentsAsync(c.Id, ct)).Select(d => d.Key).ToHashSet();
        var item = new AgendaItem
        {
            Kind = AgendaItemKind.Punkt, Order = m.Agenda.Where(a => a.Kind == AgendaItemKind.Punkt).Select(a => a.Order).DefaultIfEmpty(0).Max() + 1,
            Title = Trim(title, 200), Background = background is null ? null : Trim(background, 1000), Proposal = proposal is null ? null : Trim(proposal, 1000),
            Attachments = attachments.Where(documents.Contains).Distinct().ToList(), AddedBy = turn.UserKey, AddedAt = turn.Now,
        };
        m.Agenda.Add(item);
        m.Version++;
        audit.Record("meeting.agenda.add", c.Id, m.PublicId);
        await deliveries.UpdateAgendaCardAsync(c, m, ct);
        var number = MeetingCards.Ordered(m.Agenda).ToList().IndexOf(item) + 1;
        return (c, m, $"Punkt {number} »{item.Title}« er sat på dagsordenen for {MeetingTexts.KindName(m.Kind).ToLowerInvariant()}et{When(m)}.");
    }

    private static string When(Meeting m) => m.Start is { } s ? $" {MeetingTexts.Day(s)}" : "";

    private static string Trim(string s, int max) => s.Length > max ? s[..max] : s;

    public async Task<AdaptiveCard> ViewAsync(CitizenCase c, Meeting m, CancellationToken ct) => m.State switch
    {
        MeetingState.Afstemning => MeetingCards.Poll(c, m),
        MeetingState.Forslag => CaseCards.Message($"Forløb {c.Label}", "Mødet har foreslåede tidspunkter, men intet er valgt endnu.", c.Id),
        _ => MeetingCards.Agenda(c, m, await deliveries.DocumentsAsync(c.Id, ct)),
    };

    /// <summary>"Åbn mødet" (the daily digest): the meeting's card as it is now, for a member of its forløb.</summary>
    public async Task<AdaptiveCardInvokeResponse> OpenAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var (c, m, refusal) = await LoadAsync(turn, action, "møde vis", ct);
        if (refusal is not null) return refusal;
        if (m!.State == MeetingState.Booket && m.End is { } end && end <= time.GetUtcNow())
            return AdaptiveCardInvokeResponse.Card(MeetingCards.Held(c!, m, await MeetingMinutes.HasMinutesAsync(turn.Db, m, ct)));
        return AdaptiveCardInvokeResponse.Card(await ViewAsync(c!, m, ct));
    }

    /// <summary>The forløb and the meeting a card names, for a member; else the refusal (the same whether the meeting exists or not).</summary>
    public async Task<(CitizenCase?, Meeting?, AdaptiveCardInvokeResponse?)> LoadAsync(Turn turn, CardActionInvoke action, string purpose, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, purpose, ct);
        if (c is null) return (null, null, AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn)));
        var publicId = action.Get("m");
        var m = publicId is null ? null : await Meetings(turn).FirstOrDefaultAsync(x => x.PublicId == publicId && x.CaseId == c.Id, ct);
        return m is null ? (c, null, AdaptiveCardInvokeResponse.Message("Mødet findes ikke (længere) i forløbet.")) : (c, m, null);
    }

    public static IQueryable<Meeting> Meetings(Turn turn) =>
        turn.Db.Set<Meeting>().Include(m => m.Participants).Include(m => m.Agenda).AsSplitQuery();

    /// <summary>The meeting the team is working towards: the next booked one, else the last one proposed.</summary>
    public static async Task<Meeting?> CurrentAsync(IQueryable<Meeting> meetings, long caseId, DateTimeOffset now, CancellationToken ct)
    {
        var list = await meetings.Where(m => m.CaseId == caseId && m.State != MeetingState.Aflyst).ToListAsync(ct);
        return list.Where(m => m.Start is { } s && s.AddHours(12) >= now).OrderBy(m => m.Start).FirstOrDefault()
               ?? list.Where(m => m.Start is null).OrderByDescending(m => m.Id).FirstOrDefault();
    }

    private static void PostOrUpdate(Turn turn, CitizenCase c, string key, AdaptiveCard card, int version, bool post)
    {
        var activity = Activity.Message(attachments: [card.ToAttachment()]);
        if (post || c.ChannelId is null || c.ServiceUrl is null)
            turn.Reply(activity, correlationKey: key);
        else
            turn.Outbox.Enqueue(OutboxKind.Update, c.ServiceUrl, activity, $"{key}:v{version}:update", conversationId: c.ChannelId, tenantId: c.TenantId,
                targetCorrelationKey: key);
    }
}

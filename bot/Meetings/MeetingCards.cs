using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Meetings;

/// <summary>The meeting's cards: the form, the slots found, the poll, the agenda. Titles carry the forløb's label only.</summary>
public static class MeetingCards
{
    public const string VerbSearch = "meeting.search";
    public const string VerbBook = "meeting.book";
    public const string VerbPoll = "meeting.poll";
    public const string VerbAnswer = "meeting.answer";
    public const string VerbAgendaAdd = "meeting.agenda.add";
    public const string VerbMove = "meeting.move";
    public const string VerbCancel = "meeting.cancel";
    public const string VerbDecline = "meeting.decline";
    /// <summary>The daily digest's button on a meeting: the meeting's card as it is now (a held one says whether it has its referat).</summary>
    public const string VerbOpen = "meeting.open";

    public const int MaxWeeksAhead = 8;
    public static readonly int[] Durations = [30, 45, 60, 90, 120];

    public static Dictionary<string, string> Data(CitizenCase c, Meeting m, params (string Key, string Value)[] more) =>
        CaseCards.Data(c.Id, [("m", m.PublicId), ("v", m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. more]);

    public static AdaptiveCard Form(CitizenCase c, string formId, DateOnly today, IReadOnlyDictionary<string, string>? values = null, string? problem = null)
    {
        string V(string key, string fallback) => values is not null && values.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
        var members = c.ActiveMembers.OrderBy(m => m.DisplayName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), false)).ToList();
        return new AdaptiveCard
        {
            FallbackText = $"Indkald til møde i forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"Indkald til møde: forløb {c.Label}"),
                new TextBlock("Vælg deltagerne sammen med borgeren: de rette aktører er ikke nødvendigvis alle aktører. Koordinator læser kalenderne i hver organisation og foreslår de tre bedste tidspunkter."),
                .. CaseCards.Problem(problem),
                new ChoiceSetInput(Enum.GetValues<MeetingKind>().Select(k => new Choice(k == MeetingKind.Koordinationsmoede ? "Koordinationsmøde (KIP-revision)" : MeetingTexts.KindName(k), k.ToString())).ToList())
                    { Id = "kind", Label = "Mødetype", Style = "compact", Value = V("kind", nameof(MeetingKind.Netvaerksmoede)) },
                new TextInput { Id = "purpose", Label = "Formål", IsMultiline = true, IsRequired = true, ErrorMessage = "Skriv mødets formål", MaxLength = 500, Value = V("purpose", "") is { Length: > 0 } p ? p : null },
                new ChoiceSetInput(members.Select(m => new Choice(ParticipantTitle(m), m.UserId)).ToList())
                    { Id = "participants", Label = "Deltagere", IsMultiSelect = true, Style = "expanded", IsRequired = true, ErrorMessage = "Vælg mindst én deltager",
                      Value = V("participants", string.Join(",", members.Select(m => m.UserId))) },
                new ToggleInput("Borgeren deltager") { Id = "citizen", Value = V("citizen", "true") },
                new ChoiceSetInput([new("Online (Teams-møde)", "online"), new("Fysisk møde", "physical")])
                    { Id = "form", Label = "Mødeform", Style = "compact", Value = V("form", "online") },
                new TextInput { Id = "place", Label = "Sted (ved fysisk møde)", MaxLength = 200, Value = V("place", "") is { Length: > 0 } pl ? pl : null },
                new ChoiceSetInput(Durations.Select(d => new Choice($"{d} minutter", d.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList())
                    { Id = "duration", Label = "Varighed", Style = "compact", Value = V("duration", "60") },
                new DateInput { Id = "from", Label = "Tidligst", IsRequired = true, ErrorMessage = "Vælg den første dag", Value = V("from", today.AddDays(1).ToString("yyyy-MM-dd")), Min = today.ToString("yyyy-MM-dd") },
                new DateInput { Id = "to", Label = $"Senest (højst {MaxWeeksAhead} uger frem)", IsRequired = true, ErrorMessage = "Vælg den sidste dag", Value = V("to", today.AddDays(15).ToString("yyyy-MM-dd")), Min = today.ToString("yyyy-MM-dd") },
            ],
            Actions = [new ExecuteAction("Find tidspunkter", VerbSearch, CaseCards.Data(c.Id, ("formId", formId)))],
        };
    }

    private static string ParticipantTitle(CaseMember m) =>
        m.DisplayName + (m.Role == MemberRole.StandIn ? " (stedfortræder)" : "") + (m.Channel == ChannelMembership.EmailOnly ? " – uden Teams, får e-mail" : "");

    /// <summary>The slots found; <paramref name="unknownReasons"/> names who could not be read and why.</summary>
    public static AdaptiveCard Slots(CitizenCase c, Meeting m, SlotResult result, IReadOnlyDictionary<string, string> unknownReasons, bool moving)
    {
        var names = m.Participants.ToDictionary(p => p.UserId, p => p.DisplayName);
        string Names(Slot s, SlotAnswer a) => string.Join(", ", m.Participants.Where(p => s.Answers.GetValueOrDefault(p.UserId) == a).Select(p => p.DisplayName));
        var body = new List<CardElement>
        {
            TextBlock.Heading($"{MeetingTexts.KindName(m.Kind)}: forløb {c.Label}"),
            TextBlock.Subtle($"{m.DurationMinutes} minutter, {(m.Online ? "online (Teams)" : m.Place ?? "fysisk møde")}, mellem {m.WindowFrom:d/M} og {m.WindowTo:d/M}. Tider i dansk tid."),
        };
        if (result.Best.Count == 0)
            body.Add(new TextBlock("Der er ingen mulige tidspunkter i perioden inden for deltagernes arbejdstid på danske arbejdsdage. Prøv en længere periode med @Koordinator netværksmøde.") { Color = "Attention" });
        else if (!result.Common)
            body.Add(new TextBlock("Der er ikke noget tidspunkt, hvor alle, hvis kalender kan læses, er ledige. Her er de tidspunkter, hvor færrest er optaget; send dem som afstemning, eller vælg et.") { Color = "Warning" });
        for (var i = 0; i < result.Best.Count; i++)
        {
            var s = result.Best[i];
            var facts = new List<Fact>();
            foreach (var (answer, title) in new[] { (SlotAnswer.Free, "Ledige"), (SlotAnswer.Tentative, "Foreløbigt optaget"), (SlotAnswer.Busy, "Optaget"), (SlotAnswer.Unknown, "Ukendt") })
                if (Names(s, answer) is { Length: > 0 } who) facts.Add(new Fact(title, who));
            body.Add(new Container(
            [
                new TextBlock($"{i + 1}. {MeetingTexts.When(s.Start, s.End)}") { Weight = "Bolder" },
                new FactSet(facts),
                new ActionSet([new ExecuteAction(moving ? "Flyt hertil" : "Vælg", VerbBook, Data(c, m, ("slot", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))]),
            ]) { Separator = true, Spacing = "Medium" });
        }
        if (unknownReasons.Count > 0)
        {
            body.Add(TextBlock.Subheading("Kalendere, der ikke kan læses"));
            body.Add(new FactSet(unknownReasons.Select(u => new Fact(names.GetValueOrDefault(u.Key, u.Key), u.Value)).ToList()));
            body.Add(TextBlock.Subtle("De regnes aldrig som ledige. Send tidspunkterne som afstemning, så de selv kan svare (på e-mail, hvis de ikke har Teams)."));
        }
        var pollable = result.Best.Count > 0 && (unknownReasons.Count > 0 || !result.Common) && !moving;
        return new AdaptiveCard
        {
            FallbackText = $"{MeetingTexts.KindName(m.Kind)} i forløb {c.Label}: forslag til tidspunkter",
            Body = body,
            Actions = pollable ? [new ExecuteAction("Send som afstemning", VerbPoll, Data(c, m))] : null,
        };
    }

    public static AdaptiveCard Poll(CitizenCase c, Meeting m)
    {
        var body = new List<CardElement>
        {
            TextBlock.Heading($"Afstemning: {MeetingTexts.KindName(m.Kind).ToLowerInvariant()}, forløb {c.Label}"),
            new TextBlock("Hvilke tidspunkter kan du? Svarene opdaterer kortet for alle; arrangøren vælger tidspunktet. Deltagere uden Teams har fået tidspunkterne på e-mail."),
        };
        for (var i = 0; i < m.Proposed.Count; i++)
        {
            var start = m.Proposed[i];
            string Who(char answer) => string.Join(", ", m.Participants.Where(p => PollAnswer(p, i) == answer).Select(p => p.DisplayName));
            var facts = new List<Fact>();
            if (Who('j') is { Length: > 0 } yes) facts.Add(new Fact("Kan", yes));
            if (Who('n') is { Length: > 0 } no) facts.Add(new Fact("Kan ikke", no));
            if (Who('?') is { Length: > 0 } none) facts.Add(new Fact("Mangler svar", none));
            var index = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            body.Add(new Container(
            [
                new TextBlock($"{i + 1}. {MeetingTexts.When(start, start + m.Duration)}") { Weight = "Bolder" },
                new FactSet(facts),
                new ActionSet(
                [
                    new ExecuteAction("Jeg kan", VerbAnswer, Data(c, m, ("slot", index), ("answer", "j"))),
                    new ExecuteAction("Jeg kan ikke", VerbAnswer, Data(c, m, ("slot", index), ("answer", "n"))),
                    new ExecuteAction("Vælg (arrangør)", VerbBook, Data(c, m, ("slot", index))),
                ]),
            ]) { Separator = true, Spacing = "Medium" });
        }
        return new AdaptiveCard { FallbackText = $"Afstemning om mødetidspunkt i forløb {c.Label}", Body = body };
    }

    public static char PollAnswer(MeetingParticipant p, int slot) => slot < p.Poll.Length ? p.Poll[slot] : '?';

    /// <summary>The agenda in the sector's shape, with the meeting's facts; <paramref name="documents"/> are the forløb's documents that can be Bilag.</summary>
    public static AdaptiveCard Agenda(CitizenCase c, Meeting m, IReadOnlyList<(string Key, string Title)> documents)
    {
        var facts = new List<Fact>();
        if (m.Start is { } start && m.End is { } end) facts.Add(new Fact("Tidspunkt", MeetingTexts.When(start, end)));
        facts.Add(new Fact(m.Online ? "Online" : "Sted", m.Online ? m.JoinUrl is null ? "Teams-mødet oprettes" : "Teams-møde (se knappen)" : m.Place ?? "aftales"));
        facts.Add(new Fact("Deltagere", string.Join(", ", m.Participants.Select(p => p.DisplayName + (p.Answer == ParticipantAnswer.Afbud ? " (afbud)" : ""))) +
                                        (m.CitizenAttends ? ", borgeren" : "")));
        facts.Add(new Fact("Status", MeetingTexts.StateName(m) + (m.PendingReason is { } why && m.State != MeetingState.Booket ? $": {why}" : "")));
        var body = new List<CardElement>
        {
            TextBlock.Heading($"Dagsorden: {MeetingTexts.KindName(m.Kind).ToLowerInvariant()}, forløb {c.Label}"),
            new FactSet(facts),
            new TextBlock($"Formål: {m.Purpose}"),
        };
        var number = 0;
        var titles = documents.ToDictionary(d => d.Key, d => d.Title);
        foreach (var item in Ordered(m.Agenda))
        {
            number++;
            var parts = new List<CardElement> { new TextBlock($"{number}. {item.Title}") { Weight = "Bolder" } };
            if (item.Background is { Length: > 0 } background) parts.Add(new TextBlock($"**Baggrund:** {background}"));
            if (item.Proposal is { Length: > 0 } proposal) parts.Add(new TextBlock($"**Det indstilles, at** {proposal}"));
            if (item.Attachments.Count > 0) parts.Add(new TextBlock($"**Bilag:** {string.Join(", ", item.Attachments.Select(a => titles.GetValueOrDefault(a, a)))}"));
            body.Add(new Container(parts) { Separator = true });
        }
        var add = new AdaptiveCard
        {
            Body =
            [
                new TextInput { Id = "title", Label = "Punkt", IsRequired = true, ErrorMessage = "Skriv punktets overskrift", MaxLength = 200 },
                new TextInput { Id = "background", Label = "Baggrund", IsMultiline = true, MaxLength = 1000 },
                new TextInput { Id = "proposal", Label = "Det indstilles, at …", IsMultiline = true, MaxLength = 1000 },
                .. documents.Count == 0 ? Array.Empty<CardElement>() :
                [
                    new ChoiceSetInput(documents.Select(d => new Choice(d.Title, d.Key)).ToList())
                        { Id = "attachments", Label = "Bilag", IsMultiSelect = true, Style = "expanded" },
                ],
            ],
            Actions = [new ExecuteAction("Tilføj punktet", VerbAgendaAdd, Data(c, m))],
        };
        var actions = new List<CardAction>();
        if (m.State != MeetingState.Aflyst)
        {
            actions.Add(new ShowCardAction("Tilføj punkt", add));
            if (m.Online && m.JoinUrl is { } join) actions.Add(new OpenUrlAction("Deltag i mødet", join));
            actions.Add(new ExecuteAction("Meld afbud", VerbDecline, Data(c, m)));
            actions.Add(new ExecuteAction("Flyt mødet", VerbMove, Data(c, m)));
            actions.Add(new ExecuteAction("Aflys", VerbCancel, Data(c, m)));
        }
        return new AdaptiveCard { FallbackText = $"Dagsorden for {MeetingTexts.KindName(m.Kind).ToLowerInvariant()} i forløb {c.Label}", Body = body, Actions = actions };
    }

    /// <summary>A meeting that has been held: when, who came, and whether its referat is written (and how to write it).</summary>
    public static AdaptiveCard Held(CitizenCase c, Meeting m, bool hasMinutes)
    {
        var kind = MeetingTexts.KindName(m.Kind);
        var facts = new List<Fact>();
        if (m.Start is { } start && m.End is { } end) facts.Add(new Fact("Holdt", MeetingTexts.When(start, end)));
        facts.Add(new Fact("Deltagere", string.Join(", ", m.Participants.Select(p => p.DisplayName + (p.Answer == ParticipantAnswer.Afbud ? " (afbud)" : ""))) +
                                        (m.CitizenAttends ? ", borgeren" : "")));
        facts.Add(new Fact("Referat", hasMinutes ? "skrevet" : "mangler"));
        return new AdaptiveCard
        {
            FallbackText = $"{kind} i forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"{kind}: forløb {c.Label}"),
                new FactSet(facts),
                hasMinutes
                    ? new TextBlock("Mødet er holdt, og referatet er skrevet. Aftalerne er blevet til opgaver: skriv @Koordinator opgaver i forløbets kanal for at se dem.")
                    : new TextBlock("Mødet er holdt, men referatet er ikke skrevet endnu. Skriv @Koordinator referat i forløbets kanal: formularen er udfyldt fra mødet " +
                                    "(tidspunkt, deltagere, afbud og dagsorden), og aftalerne bliver til opgaver med en ansvarlig og en frist.") { Color = "Attention" },
            ],
        };
    }

    /// <summary>Follow-up first, the items in the order they were added, Eventuelt last.</summary>
    public static IEnumerable<AgendaItem> Ordered(IEnumerable<AgendaItem> items) => items.OrderBy(i => i.Kind).ThenBy(i => i.Order).ThenBy(i => i.Id);
}

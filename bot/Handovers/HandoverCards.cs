using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Handovers;

/// <summary>Everything one rendering of a handover card needs. <see cref="Viewer"/> null: the card as everyone sees it.</summary>
public sealed record HandoverCardModel(
    Handover Handover,
    string CaseLabel,
    string SenderOrganisationName,
    string ReceiverOrganisationName,
    IReadOnlyList<CaseDocument> Documents,
    IReadOnlyList<string> RefreshUserIds,
    IReadOnlyList<(string Id, string Name)> Mentions,
    HandoverRole? Viewer = null,
    string? Notice = null,
    bool NoticeIsProblem = false);

/// <summary>A form being (re)shown: where the sender is, to whom, and what may travel along.</summary>
public sealed record HandoverFormModel(
    CitizenCase Case,
    HandoverTarget Target,
    string FormId,
    IReadOnlyList<HandoverSubject> Subjects,
    IReadOnlyList<CaseDocument> AllowedDocuments,
    IReadOnlyList<CaseDocument> WithheldDocuments,
    DateOnly DefaultDeadline,
    DateOnly Today,
    int DischargeLandingDays,
    IReadOnlyDictionary<string, string>? Values = null,
    string? Problem = null,
    Tasks.CaseTask? Task = null);

/// <summary>The stafet cards. Titles carry the forløb's label only, never the citizen's identity.</summary>
public static class HandoverCards
{
    public const string VerbForm = "handover.form";
    public const string VerbOffer = "handover.offer";
    public const string VerbAccept = "handover.accept";
    public const string VerbDecline = "handover.decline";
    public const string VerbWithdraw = "handover.withdraw";
    public const string VerbLand = "handover.land";
    public const string VerbRefresh = "handover.refresh";
    public const string VerbDocuments = "handover.documents";
    public const string VerbWho = "baton.who";
    public const string VerbHistory = "baton.history";

    public static HandoverAction ActionOf(string verb) => verb switch
    {
        VerbAccept => HandoverAction.Accept,
        VerbDecline => HandoverAction.Decline,
        VerbWithdraw => HandoverAction.Withdraw,
        VerbLand => HandoverAction.LandSafely,
        _ => HandoverAction.View,
    };

    /// <summary>"Whom do you mean?": the candidates as a drop-down, then the form (for one of the forløb's tasks, when <paramref name="task"/> is given).</summary>
    public static AdaptiveCard ChooseTarget(CitizenCase c, IReadOnlyList<HandoverTarget> choices, string question, HandoverSubject? subject = null,
        Tasks.CaseTask? task = null) => new()
    {
        FallbackText = $"Stafet: forløb {c.Label}",
        Body =
        [
            TextBlock.Heading($"Stafet: forløb {c.Label}"),
            .. task is null ? [] : new CardElement[] { new TextBlock($"Opgave: **{task.Title}**") },
            new TextBlock(question),
            new ChoiceSetInput(choices.Select(t => new Choice(t.Title, t.Key)).ToList())
                { Id = "target", Label = "Hvem skal have stafetten?", Style = "compact", IsRequired = true, ErrorMessage = "Vælg en modtager",
                  Value = choices.Count == 1 ? choices[0].Key : null },
        ],
        Actions = [new ExecuteAction("Videre", VerbForm, CaseCards.Data(c.Id,
            [.. subject is { } preselected ? [("subject", preselected.ToString())] : Array.Empty<(string, string)>(),
             .. task is null ? [] : new[] { ("task", task.PublicId) }]))],
    };

    public static AdaptiveCard NoTargets(CitizenCase c) => CaseCards.Message($"Stafet: forløb {c.Label}",
        "Der er ingen i teamet, der kan modtage en stafet i Teams. Tilføj modtageren først med @Koordinator tilføj.", c.Id);

    public static AdaptiveCard Form(HandoverFormModel f)
    {
        string? V(string key) => f.Values is not null && f.Values.TryGetValue(key, out var v) ? v : null;
        var c = f.Case;
        var body = new List<CardElement>
        {
            TextBlock.Heading($"Giv stafetten videre: forløb {c.Label}"),
            new TextBlock($"Til: **{f.Target.Title}**. Du har stafetten, indtil den er accepteret, og følger op, indtil borgeren er landet trygt."),
        };
        body.AddRange(CaseCards.Problem(f.Problem));
        if (f.Task is { } task)
            body.Add(new TextBlock($"Opgave: **{task.Title}** (frist {Tasks.TaskTexts.Day(task.Due)})"));
        else
        {
            body.Add(new ChoiceSetInput(f.Subjects.Select(s => new Choice(SubjectChoice(s), s.ToString())).ToList())
            {
                Id = "subject", Label = "Hvad gives videre?", Style = "expanded", IsRequired = true, ErrorMessage = "Vælg hvad der gives videre",
                Value = V("subject") ?? f.Subjects[0].ToString(),
            });
            body.Add(new TextInput { Id = "taskTitle", Label = "Opgavens navn (kun når en opgave gives videre)", MaxLength = 200, Value = V("taskTitle"),
                Placeholder = "fx Bostøtte efter udskrivning" });
        }
        body.Add(new ToggleInput($"Udskrivning: borgeren skal være landet trygt inden for {f.DischargeLandingDays} dage")
            { Id = "discharge", Value = V("discharge") ?? "false" });
        body.Add(new TextInput { Id = "message", Label = "Besked til modtageren", IsMultiline = true, MaxLength = 2000, Value = V("message"),
            Placeholder = "Hvad skal modtageren vide for at tage over? Skriv ikke CPR-nummer." });
        if (f.AllowedDocuments.Count > 0)
            body.Add(new ChoiceSetInput(f.AllowedDocuments.Select(d => new Choice(d.Title, d.Id.ToString())).ToList())
            {
                Id = "documents", Label = "Dokumenter, der sendes med", IsMultiSelect = true, Style = "expanded",
                Value = V("documents") ?? string.Join(',', f.AllowedDocuments.Select(d => d.Id)),
            });
        else
            body.Add(TextBlock.Subtle($"Forløbet har ingen dokumenter, som samtykket tillader at sende til {f.Target.OrganisationName}."));
        if (f.WithheldDocuments.Count > 0)
            body.Add(TextBlock.Subtle($"Sendes ikke med, fordi samtykket ikke dækker {f.Target.OrganisationName}: " +
                                      string.Join(", ", f.WithheldDocuments.Select(d => d.Title)) + "."));
        body.Add(new DateInput { Id = "deadline", Label = "Frist for accept", IsRequired = true, ErrorMessage = "Vælg en frist",
            Value = V("deadline") ?? f.DefaultDeadline.ToString("yyyy-MM-dd"), Min = f.Today.ToString("yyyy-MM-dd") });
        return new AdaptiveCard
        {
            FallbackText = $"Giv stafetten videre: forløb {c.Label}",
            Body = body,
            Actions = [new ExecuteAction("Giv stafetten", VerbOffer, CaseCards.Data(c.Id, [("formId", f.FormId), ("target", f.Target.Key),
                .. f.Task is { } t ? [("task", t.PublicId), ("subject", nameof(HandoverSubject.Task))] : Array.Empty<(string, string)>()]))],
        };
    }

    private static string SubjectChoice(HandoverSubject s) => s switch
    {
        HandoverSubject.WholeCase => "Hele forløbet (modtageren får stafetten)",
        HandoverSubject.CoordinatorRole => "Koordinatorrollen (modtageren bliver koordinator)",
        _ => "En opgave",
    };

    /// <summary>Replaces the form for the sender once the baton is offered.</summary>
    public static AdaptiveCard Offered(CitizenCase c, Handover h, string receivingSide) => new()
    {
        FallbackText = $"Stafet givet: forløb {c.Label}",
        Body =
        [
            TextBlock.Heading($"Stafetten er givet: forløb {c.Label}"),
            new TextBlock($"{HandoverTexts.SubjectName(h)} er tilbudt {receivingSide} med frist {HandoverTexts.DeadlineDay(h.Deadline)}. " +
                          "Stafetkortet er lagt i kanalen, og modtagerne har fået besked. Du har stafetten, indtil den er accepteret."),
        ],
        Actions = [new ExecuteAction("Hvem har stafetten?", VerbWho, CaseCards.Data(c.Id))],
    };

    /// <summary>The handover card: the same facts for everyone, the buttons only for the viewer whose role allows them.</summary>
    public static AdaptiveCard Handover(HandoverCardModel m)
    {
        var h = m.Handover;
        var data = new Dictionary<string, string> { ["h"] = h.PublicId, ["v"] = h.Version.ToString() };
        var receivingSide = HandoverTexts.ReceivingSide(h, m.ReceiverOrganisationName);
        var body = new List<CardElement> { TextBlock.Heading($"Stafet: forløb {m.CaseLabel}") };
        if (m.Notice is { } notice)
            body.Add(new Container([new TextBlock(notice) { Weight = "Bolder", Color = m.NoticeIsProblem ? "Attention" : "Good" }])
                { Style = m.NoticeIsProblem ? "attention" : "good" });

        var stateItems = new List<CardElement> { new TextBlock(StateLine(h, receivingSide)) { Weight = "Bolder", Size = "Medium" } };
        if (h.OverdueSince is { } since && h.IsOpen)
            stateItems.Add(new TextBlock(h.OverdueReason == OverdueReason.NotLanded
                ? $"Udskrivningen er ikke landet trygt (frist {HandoverTexts.DeadlineDay(h.LandingDeadline ?? since)}). Koordinatoren får besked i den daglige oversigt."
                : $"Fristen for accept er overskredet siden {HandoverTexts.Day(since)}. {h.SenderName} har stadig stafetten, og koordinatoren får besked i den daglige oversigt.")
                { Color = "Attention" });
        body.Add(new Container(stateItems) { Style = StateStyle(h) });

        var facts = new List<Fact>
        {
            new("Hvad", HandoverTexts.SubjectName(h) + (h.IsDischarge ? " (udskrivning)" : "")),
            new("Fra", $"{h.SenderName}, {m.SenderOrganisationName}"),
            new("Til", receivingSide),
            new("Har stafetten", BatonOf(h, m)),
            new("Tilbudt", HandoverTexts.Time(h.OfferedAt)),
        };
        if (h.State == HandoverState.Afventer) facts.Add(new("Frist for accept", HandoverTexts.DeadlineDay(h.Deadline)));
        if (h.LandingDeadline is { } landBy && h.State is HandoverState.Afventer or HandoverState.Accepteret)
            facts.Add(new("Skal lande trygt senest", HandoverTexts.DeadlineDay(landBy)));
        if (h.AcceptedAt is { } accepted) facts.Add(new("Accepteret", $"{HandoverTexts.Time(accepted)} af {h.ReceiverName}"));
        if (h.LandedAt is { } landed) facts.Add(new("Landet trygt", HandoverTexts.Time(landed)));
        if (h.DeclinedAt is { } declined) facts.Add(new("Afvist", $"{HandoverTexts.Time(declined)} af {h.ClosedByName}"));
        if (h.WithdrawnAt is { } withdrawn) facts.Add(new("Trukket tilbage", HandoverTexts.Time(withdrawn)));
        body.Add(new FactSet(facts));

        if (h.State == HandoverState.Afvist && h.DeclineReason is { Length: > 0 } reason)
            body.Add(new TextBlock($"**Begrundelse:** {reason}"));
        if (h.Message is { Length: > 0 } message)
        {
            body.Add(TextBlock.Subheading("Besked"));
            body.Add(new TextBlock(message));
        }
        if (m.Documents.Count > 0)
            body.Add(new TextBlock($"**Dokumenter:** {string.Join(", ", m.Documents.Select(d => d.Title))}"));
        var mentionEntities = m.Mentions.Select(x => Entity.Mention(x.Id, x.Name)).ToList();
        if (mentionEntities.Count > 0 && h.State == HandoverState.Afventer)
            body.Add(new TextBlock("Til: " + string.Join(", ", mentionEntities.Select(e => e.Text))));

        var actions = new List<CardAction>();
        if (m.Viewer is { } role)
        {
            var allowed = HandoverStateMachine.AvailableActions(h.State, role);
            if (allowed.Contains(HandoverAction.Decline))
                body.Add(new TextInput { Id = "reason", Label = "Begrundelse, hvis du afviser", IsMultiline = true, MaxLength = 1000,
                    IsRequired = true, ErrorMessage = "Skriv en begrundelse for afvisningen" });
            if (allowed.Contains(HandoverAction.Accept)) actions.Add(new ExecuteAction("Accepter", VerbAccept, data) { AssociatedInputs = "none" });
            if (allowed.Contains(HandoverAction.Decline)) actions.Add(new ExecuteAction("Afvis", VerbDecline, data));
            if (allowed.Contains(HandoverAction.Withdraw)) actions.Add(new ExecuteAction("Træk tilbage", VerbWithdraw, data) { AssociatedInputs = "none" });
            if (allowed.Contains(HandoverAction.LandSafely)) actions.Add(new ExecuteAction("Landet trygt", VerbLand, data) { AssociatedInputs = "none" });
            if (m.Documents.Count > 0) actions.Add(new ExecuteAction("Vis dokumenter", VerbDocuments, data) { AssociatedInputs = "none" });
            var hint = ViewerHint(h, role);
            if (hint is not null) body.Add(TextBlock.Subtle(hint));
        }
        else
        {
            // The card everyone sees: Teams refreshes it into each member's own view; this button does the same by hand.
            actions.Add(new ExecuteAction("Vis mine muligheder", VerbRefresh, data));
        }

        return new AdaptiveCard
        {
            FallbackText = $"Stafet: forløb {m.CaseLabel}: {HandoverTexts.StateName(h.State)}",
            Body = body,
            Actions = actions.Count == 0 ? null : actions,
            Refresh = new CardRefresh(new ExecuteAction("Opdatér", VerbRefresh, data), m.RefreshUserIds.Count == 0 ? null : m.RefreshUserIds),
            Msteams = mentionEntities.Count > 0 && h.State == HandoverState.Afventer ? new TeamsCardProperties { Entities = mentionEntities } : new TeamsCardProperties(),
        };
    }

    private static string StateLine(Handover h, string receivingSide) => h.State switch
    {
        HandoverState.Afventer => $"Afventer accept fra {receivingSide}",
        HandoverState.Accepteret => $"Accepteret af {h.ReceiverName}: {h.SenderName} følger op, indtil borgeren er landet trygt",
        HandoverState.LandetTrygt => $"Landet trygt hos {h.ReceiverName}",
        HandoverState.Afvist => $"Afvist af {h.ClosedByName}: {h.SenderName} har stadig stafetten",
        _ => $"Trukket tilbage af {h.ClosedByName}",
    };

    private static string StateStyle(Handover h) => h.State switch
    {
        HandoverState.Afventer => h.OverdueSince is null ? "accent" : "attention",
        HandoverState.Accepteret => h.OverdueSince is null ? "good" : "attention",
        HandoverState.LandetTrygt => "good",
        HandoverState.Afvist => "warning",
        _ => "emphasis",
    };

    /// <summary>Who holds this baton: the sender until someone accepts; the receiver from then on.</summary>
    private static string BatonOf(Handover h, HandoverCardModel m) => h.State switch
    {
        HandoverState.Accepteret => $"{h.ReceiverName} ({m.ReceiverOrganisationName}); {h.SenderName} følger op",
        HandoverState.LandetTrygt => $"{h.ReceiverName} ({m.ReceiverOrganisationName})",
        _ => $"{h.SenderName} ({m.SenderOrganisationName})",
    };

    private static string? ViewerHint(Handover h, HandoverRole role) => (h.State, role) switch
    {
        (HandoverState.Afventer, HandoverRole.ReceivingSide) => "Når du accepterer, har du stafetten. Afgiveren følger op, indtil borgeren er landet trygt.",
        (HandoverState.Afventer, HandoverRole.Sender) => "Du har stafetten, indtil den er accepteret. Du kan trække den tilbage indtil da.",
        (HandoverState.Accepteret, HandoverRole.Holder) => "Meld borgeren landet trygt, når I har haft den første kontakt.",
        (HandoverState.Accepteret, HandoverRole.Sender) => "Du følger op, indtil modtageren melder borgeren landet trygt.",
        _ => null,
    };

    /// <summary>The viewer's documents, each behind a short-lived signed link; withheld ones named with the reason.</summary>
    public static AdaptiveCard DocumentLinks(string caseLabel, IReadOnlyList<(CaseDocument Document, string Url)> links, IReadOnlyList<CaseDocument> withheld, string organisationName)
    {
        var body = new List<CardElement>
        {
            TextBlock.Heading($"Dokumenter: stafet i forløb {caseLabel}"),
            new TextBlock(links.Count > 0 ? "Linkene er kun til dig og virker i 5 minutter. Hver hentning registreres i forløbets log med dit navn." : "Der er ingen dokumenter, du kan åbne."),
        };
        if (withheld.Count > 0)
            body.Add(TextBlock.Subtle($"Samtykket dækker ikke {organisationName} for: {string.Join(", ", withheld.Select(d => d.Title))}."));
        return new AdaptiveCard
        {
            FallbackText = $"Dokumenter: forløb {caseLabel}",
            Body = body,
            Actions = links.Count == 0 ? null : links.Select(l => (CardAction)new OpenUrlAction(l.Document.Title, l.Url)).ToList(),
        };
    }

    public static AdaptiveCard WhoHolds(CitizenCase c, IEnumerable<CardElement> section) => new()
    {
        FallbackText = $"Hvem har stafetten? Forløb {c.Label}",
        Body = [TextBlock.Heading($"Hvem har stafetten? Forløb {c.Label}"), .. section],
        Actions =
        [
            new ExecuteAction("Stafethistorik", VerbHistory, CaseCards.Data(c.Id)),
            new ExecuteAction("Opdatér", VerbWho, CaseCards.Data(c.Id)),
        ],
    };

    public const int HistoryLimit = 30;

    public static AdaptiveCard History(CitizenCase c, IReadOnlyList<Handover> handovers, IReadOnlyDictionary<string, Organisation> organisations, BatonHolder holder)
    {
        string Org(string id) => CaseCards.OrgName(organisations, id);
        var body = new List<CardElement> { TextBlock.Heading($"Stafethistorik: forløb {c.Label}") };
        body.Add(new TextBlock($"Nu: {holder.Name} ({Org(holder.OrganisationId)}) har stafetten" +
                               (holder.FollowingUpName is { } f ? $"; {f} følger op, indtil borgeren er landet trygt." : ".")));
        if (handovers.Count == 0)
            body.Add(new TextBlock("Der er ikke givet nogen stafetter i forløbet endnu."));
        if (handovers.Count > HistoryLimit)
            body.Add(TextBlock.Subtle($"Viser de seneste {HistoryLimit} af {handovers.Count} stafetter."));
        foreach (var h in handovers.TakeLast(HistoryLimit))
        {
            var events = new List<Fact> { new("Tilbudt", $"{HandoverTexts.Time(h.OfferedAt)} af {h.SenderName} ({Org(h.SenderOrganisationId)})") };
            if (h.OverdueSince is { } since) events.Add(new("Overskredet", $"siden {HandoverTexts.Time(since)}"));
            if (h.AcceptedAt is { } a) events.Add(new("Accepteret", $"{HandoverTexts.Time(a)} af {h.ReceiverName}"));
            if (h.LandedAt is { } l) events.Add(new("Landet trygt", HandoverTexts.Time(l)));
            if (h.DeclinedAt is { } d) events.Add(new("Afvist", $"{HandoverTexts.Time(d)} af {h.ClosedByName}: {h.DeclineReason}"));
            if (h.WithdrawnAt is { } w) events.Add(new("Trukket tilbage", $"{HandoverTexts.Time(w)} af {h.ClosedByName}"));
            body.Add(new Container(
            [
                new TextBlock($"**{HandoverTexts.SubjectName(h)}** til {HandoverTexts.ReceivingSide(h, Org(h.ReceiverOrganisationId))}" +
                              (h.IsDischarge ? " (udskrivning)" : "") + $": {HandoverTexts.StateName(h.State)}"),
                new FactSet(events),
            ]) { Separator = true, Spacing = "Medium" });
        }
        return new AdaptiveCard
        {
            FallbackText = $"Stafethistorik: forløb {c.Label}",
            Body = body,
            Actions = [new ExecuteAction("Hvem har stafetten?", VerbWho, CaseCards.Data(c.Id))],
        };
    }
}

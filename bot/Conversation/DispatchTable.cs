using TeamsCoordinator.Cases;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Meetings;

namespace TeamsCoordinator.Conversation;

/// <summary>
/// Every command word and every card verb the bot understands, in one place. A feature adds its line here and
/// its handler in its own folder.
/// </summary>
public static class DispatchTable
{
    public static readonly IReadOnlyList<Command> Commands =
    [
        new("help", ["hjælp", "hjaelp", "?"], ["help"],
            "Viser alle kommandoer med et eksempel", "Shows every command with an example", "", "", typeof(HelpCommand)),
        new("case.new", ["ny borger", "nyt forløb"], ["new citizen", "new case"],
            "Opretter et forløb med en delt kanal for borgerens tværsektorielle team", "Opens a case with a shared channel for the citizen's team", "", "", typeof(NewCaseCommand)),
        new("case.status", ["status", "oversigt"], ["status"],
            "I forløbets kanal: teamet, koordinatoren og samtykket. I personlig chat: dine forløb", "In the case channel: team, coordinator, consent. In personal chat: your cases", "", "", typeof(StatusCommand)),
        new("member.add", ["tilføj", "tilføj medlem"], ["add", "add member"],
            "Tilføjer en person fra en organisation, som samtykket dækker", "Adds a person from an organisation the consent covers", "", "", typeof(AddMemberCommand)),
        new("member.remove", ["fjern", "fjern medlem"], ["remove", "remove member"],
            "Fjerner et medlem fra teamet og kanalen", "Removes a member from the team and channel", "", "", typeof(RemoveMemberCommand)),
        new("consent", ["samtykke"], ["consent"],
            "Viser, registrerer eller tilbagekalder borgerens samtykke", "Shows, records or withdraws the citizen's consent", "", "", typeof(ConsentCommand)),
        new("case.coordinator", ["koordinator"], ["coordinator"],
            "Giver koordinatorrollen videre som en stafet: den nye koordinator overtager ved accept", "Hands the coordinator role over as a handover: the new coordinator takes over on accepting",
            "Lars", "Lars", typeof(CoordinatorHandoverCommand)),
        new("audit.export", ["revisionslog", "log"], ["audit log"],
            "Koordinatoren henter forløbets revisionslog som CSV", "The coordinator downloads the case's audit log as CSV", "", "", typeof(AuditExportCommand)),
        new("handover.offer", ["stafet til", "giv stafetten til", "stafet"], ["handover to", "hand over to", "handover"],
            "Giver stafetten (forløbet, koordinatorrollen eller en opgave) videre til en organisation, sektor eller person i teamet",
            "Hands the baton (the case, the coordinator role or a task) to an organisation, sector or person on the team",
            "Aalborg Kommune", "Aalborg Kommune", typeof(OfferHandoverCommand)),
        new("baton.who", ["hvem har stafetten", "stafetten"], ["who has the baton", "baton"],
            "Viser, hvem der har stafetten nu, og hvem der følger op", "Shows who holds the baton now and who follows up", "", "", typeof(WhoHoldsBatonCommand)),
        new("baton.history", ["stafet historik", "stafethistorik", "stafetter"], ["handover history", "baton history"],
            "Viser alle stafetter i forløbet med tidspunkter", "Lists every handover of the case with its times", "", "", typeof(BatonHistoryCommand)),
        new("document.kip", ["ny KIP", "ny plan", "KIP"], ["new plan", "new KIP"],
            "Laver en ny version af forløbets koordinerende indsatsplan (KIP) i Word, udfyldt fra forløbet",
            "Makes a new version of the case's coordinated plan (KIP) in Word, filled from the case", "", "", typeof(NewKipCommand)),
        new("document.kriseplan", ["kriseplan"], ["crisis plan"],
            "Laver en ny version af borgerens kriseplan i Word", "Makes a new version of the citizen's crisis plan in Word", "", "", typeof(KriseplanCommand)),
        new("document.referat", ["referat"], ["minutes"],
            "Laver et referat af forløbets netværksmøde i Word", "Makes minutes of the case's network meeting in Word", "", "", typeof(ReferatCommand)),
        new("tasks", ["opgaver", "mine opgaver"], ["tasks", "my tasks"],
            "I forløbets kanal: forløbets åbne opgaver med ansvarlig og frist. I personlig chat: dine opgaver i alle dine forløb",
            "In the case channel: the case's open tasks with owner and deadline. In personal chat: your tasks across your cases", "", "", typeof(TasksCommand)),
        new("meeting.new", ["netværksmøde", "netvaerksmoede", "møde", "indkald"], ["network meeting", "meeting"],
            "Koordinatoren indkalder til møde: Koordinator læser kalenderne i alle organisationer og foreslår de tre bedste tidspunkter",
            "The coordinator calls a meeting: the bot reads the calendars in every organisation and proposes the three best times", "", "", typeof(MeetingCommand)),
        new("meeting.agenda", ["dagsorden"], ["agenda"],
            "Sætter et punkt på dagsordenen for forløbets næste møde (uden punkt: viser dagsordenen)", "Adds an item to the agenda of the case's next meeting (no item: shows the agenda)",
            "Bolig efter udskrivning", "Housing after discharge", typeof(AgendaCommand)),
        new("digest", ["overblik"], ["digest"],
            "I personlig chat: dit daglige overblik nu. Også overblik kl 7.30, overblik fra, overblik til",
            "In personal chat: your daily digest now. Also digest at 7:30, digest off, digest on", "", "", typeof(DigestCommand)),
    ];

    public static readonly IReadOnlyDictionary<string, Type> CardVerbs = new Dictionary<string, Type>
    {
        ["help.show"] = typeof(HelpCardAction),
        ["case.create"] = typeof(CreateCaseAction),
        [CaseCards.VerbNewCaseSearch] = typeof(SearchNewCaseMembersAction),
        ["case.status"] = typeof(StatusCardAction),
        [CaseCards.VerbChannelRetry] = typeof(RetryChannelAction),
        ["member.add"] = typeof(AddMemberAction),
        [MemberCards.VerbSearch] = typeof(SearchMemberAction),
        ["member.remove"] = typeof(RemoveMemberAction),
        ["consent.record"] = typeof(RecordConsentAction),
        ["consent.withdraw"] = typeof(WithdrawConsentAction),
        [ConsentCards.VerbOpen] = typeof(OpenConsentAction),
        ["case.coordinator"] = typeof(CoordinatorHandoverAction),
        [HandoverCards.VerbForm] = typeof(ChooseHandoverTargetAction),
        [HandoverCards.VerbOffer] = typeof(SubmitHandoverAction),
        [HandoverCards.VerbAccept] = typeof(HandoverCardAction),
        [HandoverCards.VerbDecline] = typeof(HandoverCardAction),
        [HandoverCards.VerbWithdraw] = typeof(HandoverCardAction),
        [HandoverCards.VerbLand] = typeof(HandoverCardAction),
        [HandoverCards.VerbRefresh] = typeof(HandoverCardAction),
        [HandoverCards.VerbDocuments] = typeof(HandoverDocumentsAction),
        [HandoverCards.VerbWho] = typeof(BatonCardAction),
        [HandoverCards.VerbHistory] = typeof(BatonCardAction),
        [DocumentCards.VerbCreate] = typeof(CreateDocumentAction),
        [DocumentCards.VerbLink] = typeof(DocumentLinkAction),
        [Drafting.DocumentDraft.Verb] = typeof(Drafting.DraftAction),
        [TaskCards.VerbList] = typeof(TaskListAction),
        [TaskCards.VerbDone] = typeof(TaskDoneAction),
        [TaskCards.VerbHandOn] = typeof(TaskHandOnAction),
        [MeetingCards.VerbSearch] = typeof(SearchSlotsAction),
        [MeetingCards.VerbBook] = typeof(BookSlotAction),
        [MeetingCards.VerbPoll] = typeof(StartPollAction),
        [MeetingCards.VerbAnswer] = typeof(AnswerPollAction),
        [MeetingCards.VerbAgendaAdd] = typeof(AddAgendaItemAction),
        [MeetingCards.VerbMove] = typeof(MoveMeetingAction),
        [MeetingCards.VerbCancel] = typeof(CancelMeetingAction),
        [MeetingCards.VerbDecline] = typeof(DeclineMeetingAction),
        [MeetingCards.VerbOpen] = typeof(OpenMeetingAction),
        [AuditExportCommand.VerbLink] = typeof(AuditLinkAction),
    };

    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddSingleton(new CommandParser(Commands));
        services.AddSingleton<RecentConversations>();
        services.AddScoped<ConversationReferences>();
        services.AddScoped<ChannelAccounts>();
        services.AddScoped<TurnAccessor>();
        foreach (var handler in Commands.Select(c => c.Handler).Concat(CardVerbs.Values).Distinct())
            services.AddScoped(handler);
        services.AddSingleton<BotFramework.IBot, CoordinatorBot>();
        return services;
    }
}

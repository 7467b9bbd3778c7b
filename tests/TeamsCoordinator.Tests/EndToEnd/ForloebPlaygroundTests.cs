using System.Text.Json;

namespace TeamsCoordinator.Tests.EndToEnd;

/// <summary>
/// A coordinator opens a citizen's forløb in Microsoft 365 Agents Playground: "ny borger" in the personal chat, the
/// form filled in and submitted, the team's channel "Forløb AB" (the dev channel pool) gets the welcome card, and
/// "@Koordinator status" there shows the team by sector. Everything asserted is what Playground received.
/// </summary>
[Collection(PlaygroundCollection.Name)]
public sealed class ForloebPlaygroundTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task ACoordinatorOpensAForloebAndTheTeamMeetsInItsChannel()
    {
        // "ny borger" in the personal chat, the form filled in as a coordinator would, submitted (PlaygroundForloeb).
        var opened = await PlaygroundForloeb.OpenAsync(playground);

        // 1. The form.
        var form = opened.Form;
        Assert.Equal(PlaygroundFixture.PersonalChat, form.ConversationId);
        Assert.Equal("Nyt forløb", form.CardTexts.FirstOrDefault());
        Assert.Equal("case.create", form.Card!.Value.GetProperty("actions")[0].GetProperty("verb").GetString());
        Assert.Superset(new HashSet<string> { "initials", "caseNumber", "handlekommune", "organisations", "coordinator", "members",
            "consentOrganisations", "consentKinds", "consentGivenHow", "consentNote", "citizenName", "citizenCpr", "citizenAddress", "citizenPhone" },
            InputIds(form.Card!.Value));

        // 2. The answer to "Opret forløb".
        var answerTexts = CardTexts(opened.Answer);
        Assert.Equal($"Forløb {PlaygroundForloeb.Label} er oprettet", answerTexts.FirstOrDefault());
        Assert.Contains($"Teamets kanal \"Forløb PG {PlaygroundForloeb.CaseNumber}\" er klar, og velkomstkortet er lagt i kanalen.", answerTexts);

        // 3. The channel exists (the dev pool's "Forløb AB") and the welcome card reached it as a new post.
        var welcome = opened.Welcome;
        Assert.StartsWith($"{PlaygroundFixture.Channel};messageid=", welcome.ConversationId);
        var texts = welcome.CardTexts.ToList();
        Assert.Equal($"Velkommen til forløb {PlaygroundForloeb.Label}", texts[0]);
        // Who is who per sector, the coordinator first.
        var facts = Facts(welcome.Card!.Value);
        Assert.Equal("Mette Kjær (Region Nordjylland, Psykiatrien)", facts["Koordinator"]);
        Assert.Equal(ExpectedTeam, TeamBySector(welcome.Card!.Value));
        Assert.Equal("Overlæge, ansvarlig for den medicinske behandling, Region Nordjylland, Psykiatrien", facts["Jonas Holm"]);
        Assert.Equal("Sagsbehandler, myndighed, Aalborg Kommune", facts["Lars Nielsen"]);
        Assert.Equal("Støttekontaktperson, socialpsykiatrien, Aalborg Kommune", facts["Camilla Berg"]);
        Assert.Equal("Praktiserende læge, Lægerne i Vestergade", facts["Birgitte Holm"]);
        // Consent as the citizen stated it, and the mode the channel runs in per organisation.
        var consent = texts[texts.IndexOf("Samtykke") + 1];
        Assert.StartsWith("Givet skriftligt, gælder fra ", consent);
        Assert.Contains("Deling med: Aalborg Kommune, Lægerne i Vestergade.", consent);
        Assert.Contains("Omfatter: kontaktoplysninger, planer (KIP), kriseplan, referater.", consent);
        Assert.Contains("Borgerens ønsker: Ved indlæggelse må sengeafsnittet kontakte min søster.", consent);
        var modes = texts[texts.IndexOf("Sådan arbejder kanalen") + 1];
        Assert.Contains("- Region Nordjylland, Psykiatrien: delt kanal", modes);
        Assert.Contains("- Aalborg Kommune: delt kanal", modes);
        Assert.Contains("- Lægerne i Vestergade: e-mail (ingen Teams-adgang)", modes);
        Assert.Contains("@Koordinator status", texts[^1]);

        // 4. "@Koordinator status" in the channel: the team by sector (other Playground tests may have worked in
        // the forløb since, e.g. a baton; nobody leaves the team).
        var beforeStatus = playground.Mark();
        var question = await playground.SendAsync(PlaygroundFixture.Channel, "status");
        var status = await playground.WaitForReplyAsync(beforeStatus, question.ConversationId);
        Assert.StartsWith($"{PlaygroundFixture.Channel};messageid=", status.ConversationId);
        Assert.Equal($"Status: forløb {PlaygroundForloeb.Label}", status.CardTexts[0]);
        var statusTexts = status.CardTexts.ToList();
        Assert.Equal(ExpectedTeam, TeamBySector(status.Card!.Value));
        Assert.Contains("Deling med: Aalborg Kommune, Lægerne i Vestergade.", statusTexts[statusTexts.IndexOf("Samtykke") + 1]);
        Assert.DoesNotContain("Afventer adgang til kanalen", statusTexts);

        // Nothing the bot sent in this run, from "ny borger" on, names the citizen or carries the CPR number or address.
        var everything = playground.BotMessagesSince(opened.Mark).SelectMany(m => Strings(m.Activity)).Concat(Strings(opened.Answer)).ToList();
        Assert.Contains(everything, t => t.Contains(PlaygroundForloeb.Label, StringComparison.Ordinal)); // the scan sees the cards
        foreach (var secret in new[] { PlaygroundForloeb.CitizenName, PlaygroundForloeb.CitizenCpr, PlaygroundForloeb.CitizenCpr.Replace("-", ""), "Vesterbro 12" })
            Assert.DoesNotContain(everything, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
        Assert.All(playground.DeliveredSince(opened.Mark), d => Assert.InRange(d.Status, 200, 299));
    }

    private static readonly string[] ExpectedTeam = ["Region: Jonas Holm, Mette Kjær", "Kommune: Camilla Berg, Lars Nielsen", "Almen praksis: Birgitte Holm"];

    /// <summary>The card's sector headings in order, each with the names in the FactSet under it.</summary>
    private static List<string> TeamBySector(JsonElement card)
    {
        var sectors = new[] { "Region", "Kommune", "Almen praksis", "Pårørende og netværk" };
        var body = card.GetProperty("body").EnumerateArray().ToList();
        return body.Select((b, i) => (b, i))
            .Where(x => x.b.GetProperty("type").GetString() == "TextBlock" && sectors.Contains(x.b.GetProperty("text").GetString()))
            .Select(x => x.b.GetProperty("text").GetString() + ": " +
                string.Join(", ", body[x.i + 1].GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("title").GetString())))
            .ToList();
    }

    /// <summary>Every string value in a JSON document (decoded, so escaped characters are compared as read).</summary>
    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => [e.GetString()!],
        _ => [],
    };

    private static HashSet<string> InputIds(JsonElement e)
    {
        var ids = new HashSet<string>();
        void Walk(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Object)
            {
                if (x.TryGetProperty("type", out var t) && t.GetString()!.StartsWith("Input.", StringComparison.Ordinal)) ids.Add(x.GetProperty("id").GetString()!);
                foreach (var p in x.EnumerateObject()) Walk(p.Value);
            }
            else if (x.ValueKind == JsonValueKind.Array) foreach (var i in x.EnumerateArray()) Walk(i);
        }
        Walk(e);
        return ids;
    }

    /// <summary>Every FactSet fact of a card, title → value (titles are unique on these cards).</summary>
    private static Dictionary<string, string> Facts(JsonElement card)
    {
        var facts = new Dictionary<string, string>();
        void Walk(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Object)
            {
                if (x.TryGetProperty("type", out var t) && t.GetString() == "FactSet")
                    foreach (var f in x.GetProperty("facts").EnumerateArray()) facts.Add(f.GetProperty("title").GetString()!, f.GetProperty("value").GetString()!);
                foreach (var p in x.EnumerateObject()) Walk(p.Value);
            }
            else if (x.ValueKind == JsonValueKind.Array) foreach (var i in x.EnumerateArray()) Walk(i);
        }
        Walk(card);
        return facts;
    }

    private static List<string> CardTexts(JsonElement invokeAnswer)
    {
        Assert.Equal("application/vnd.microsoft.card.adaptive", invokeAnswer.GetProperty("type").GetString());
        return invokeAnswer.GetProperty("value").GetProperty("body").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "TextBlock").Select(b => b.GetProperty("text").GetString()!).ToList();
    }
}

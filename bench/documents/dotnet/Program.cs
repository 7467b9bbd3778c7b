using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Documents.Templates;
using TeamsCoordinator.TemplateBuilder;

namespace TeamsCoordinator.Bench.Documents;

/// <summary>
/// dotnet run -c Release -- ours|floor|data SECONDS ROOT. "ours": fills templates/KIP.docx with the sample KIP and 50
/// effort rows, one document after another on one thread; "floor": opens the same template package, parses its
/// parts and saves it unchanged; "data": writes the same data as JSON for docxtemplater (values formatted as we do).
/// Prints one line: "name docs/s count seconds".
/// </summary>
public static class Bench
{
    public static int Main(string[] args)
    {
        var mode = args[0];
        var seconds = double.Parse(args.ElementAtOrDefault(1) ?? "10", CultureInfo.InvariantCulture);
        var root = args.ElementAtOrDefault(2) ?? ".";
        var templatePath = Path.Combine(root, "templates", "KIP.docx");
        var data = SampleDocuments.Kip(efforts: 50);

        switch (mode)
        {
            case "data":
                Console.WriteLine(Json(data).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            case "ours":
            {
                var template = WordTemplate.Load(templatePath);
                var first = template.Fill(data);
                if (first.Problems.Any(p => p.Kind != ProblemKind.FieldWithoutData)) throw new InvalidOperationException(string.Join("\n", first.Problems.Select(p => p.Message)));
                Run("ours", seconds, () => template.Fill(data).Document.Length);
                return 0;
            }
            case "floor":
            {
                var package = File.ReadAllBytes(templatePath);
                Run("floor", seconds, () => OpenAndSave(package));
                return 0;
            }
            case "both":
            {
                // Ours and the floor interleaved, a document each in turn: the same machine load for both.
                var template = WordTemplate.Load(templatePath);
                var package = File.ReadAllBytes(templatePath);
                var ours = new Stopwatch();
                var floor = new Stopwatch();
                var n = 0;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    ours.Start(); template.Fill(data); ours.Stop();
                    floor.Start(); OpenAndSave(package); floor.Stop();
                    n++;
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours {n / ours.Elapsed.TotalSeconds:F1} {n} {ours.Elapsed.TotalSeconds:F2}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor {n / floor.Elapsed.TotalSeconds:F1} {n} {floor.Elapsed.TotalSeconds:F2}"));
                return 0;
            }
            case "profile":
            {
                // Where a fill's time goes: the fill, the floor of the template, and the floor of the filled document
                // (open, parse and save the 50-row output unchanged: what writing that much XML costs at least).
                var template = WordTemplate.Load(templatePath);
                var package = File.ReadAllBytes(templatePath);
                var output = template.Fill(data).Document;
                Console.WriteLine($"template {package.Length} bytes, output {output.Length} bytes");
                var watches = new[] { new Stopwatch(), new Stopwatch(), new Stopwatch() };
                var n = 0;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    watches[0].Start(); template.Fill(data); watches[0].Stop();
                    watches[1].Start(); OpenAndSave(package); watches[1].Stop();
                    watches[2].Start(); OpenAndSave(output); watches[2].Stop();
                    n++;
                }
                foreach (var (name, w) in new[] { "ours", "floor", "floor-of-output" }.Zip(watches))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {w.Elapsed.TotalMilliseconds / n:F3} ms/doc"));
                return 0;
            }
            default:
                Console.Error.WriteLine("usage: ours|floor|data [seconds] [repository root]");
                return 2;
        }
    }

    /// <summary>The least any DOM-based fill does: open the package, parse the parts that hold text, save.</summary>
    private static int OpenAndSave(byte[] package)
    {
        var stream = new MemoryStream(package.Length * 2);
        stream.Write(package);
        stream.Position = 0;
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var main = document.MainDocumentPart!;
            main.Document.Save();
            foreach (var header in main.HeaderParts) header.Header.Save();
            foreach (var footer in main.FooterParts) footer.Footer.Save();
        }
        return stream.ToArray().Length;
    }

    /// <summary>Warms up for a fifth of the time, then counts whole documents for the rest.</summary>
    private static void Run(string name, double seconds, Func<int> one)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < seconds / 5) one();
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            one();
            count++;
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {count / elapsed:F1} {count} {elapsed:F2}"));
    }

    /// <summary>docxtemplater gets what our fill writes: texts as they are, dates and Ja/Nej formatted in Danish.</summary>
    private static JsonObject Json(DocumentData data)
    {
        var json = new JsonObject();
        foreach (var (name, value) in data.Fields)
        {
            json[name] = value switch
            {
                ListValue list => new JsonArray([.. list.Items.Select(i => (JsonNode)Json(i))]),
                TextValue t => t.Text,
                DateValue d => DanishFormat.Date(d.Date),
                YesNoValue y => DanishFormat.YesNo(y.Answer),
                _ => null,
            };
        }
        return json;
    }
}

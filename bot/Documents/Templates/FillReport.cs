namespace TeamsCoordinator.Documents.Templates;

public enum ProblemKind
{
    /// <summary>A field in the template got no data and was left for the user to fill in Word.</summary>
    FieldWithoutData,
    /// <summary>A data field has no place in the template and is not in the document.</summary>
    DataWithoutPlace,
    /// <summary>A value does not fit the field (a list for a text field, "Måske" for a Ja/Nej choice, ...).</summary>
    ValueDoesNotFit,
    /// <summary>The template itself has a flaw (malformed placeholder, unknown tag, a required field missing, ...).</summary>
    TemplateFlaw,
}

/// <param name="Field">The field's path, e.g. <c>Indsatser.Ansvarlig</c>.</param>
/// <param name="Message">A sentence in Danish for the user.</param>
public sealed record TemplateProblem(ProblemKind Kind, string Field, string Message)
{
    public override string ToString() => Message;
}

/// <summary>What a fill produced: the .docx bytes and everything the user should know about what did not fit.</summary>
public sealed record FillResult(byte[] Document, IReadOnlyList<TemplateProblem> Problems)
{
    public bool IsComplete => Problems.Count == 0;
}

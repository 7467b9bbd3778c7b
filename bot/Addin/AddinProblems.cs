namespace TeamsCoordinator.Addin;

/// <summary>The add-in API's refusals, as problem details (RFC 9457) with Danish titles the pane shows as they are.</summary>
public static class AddinProblems
{
    public const string SignIn = "Du er ikke logget ind hos Koordinator, eller dit log-ind er udløbet. Luk og åbn Koordinator-panelet for at logge ind igen.";
    public const string NoScope = "Dit log-ind giver ikke Word-tilføjelsesprogrammet adgang til Koordinator. Bed din it-afdeling give samtykke til Koordinator (access_as_user).";
    public const string NoCase = "Du har ikke adgang til dette forløb. Du ser kun forløb, hvor du er medlem af teamet.";

    public static Task Write(HttpContext http, int status, string detail)
    {
        http.Response.StatusCode = status;
        return Results.Problem(statusCode: status, title: status == 401 ? "Log ind" : "Ingen adgang", detail: detail).ExecuteAsync(http);
    }
}

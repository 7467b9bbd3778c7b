using TeamsCoordinator.Addin;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Digest;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Drafting;
using TeamsCoordinator.Handovers;
using TeamsCoordinator.Operations;
using TeamsCoordinator.Meetings;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;

if (args is [KeyRotationCommand.Verb, .. var rotateArgs]) return await KeyRotationCommand.RunAsync(rotateArgs, Console.Out);

var builder = WebApplication.CreateBuilder(args);
builder.EnsureSafeBotConfiguration();
builder.AddTelemetry();

builder.Services.AddBotFramework(builder.Configuration);
builder.Services.AddStorage(builder.Configuration, builder.Environment);
builder.Services.AddDelivery(builder.Configuration);
builder.Services.AddCollaborationTenants(builder.Configuration);
builder.Services.AddCases();
builder.Services.AddHandovers(builder.Configuration);
builder.Services.AddDocuments(builder.Configuration);
builder.Services.AddDrafting(builder.Configuration);
builder.Services.AddTasks();
builder.Services.AddMeetings();
builder.Services.AddDigest(builder.Configuration);
builder.Services.AddConversation();
builder.Services.AddReadiness(builder.Configuration);
builder.Services.AddAddin(builder.Configuration);

var app = builder.Build();
app.StopIfAnonymousOnNetwork();

app.MapGet("/", () => "TeamsCoordinator bot. Teams talks to POST /api/messages.");
app.MapHealth();
app.MapBotEndpoint();
app.MapFiles();
app.MapAddin();
app.MapMeetings();

app.Run();
return 0;

public partial class Program;

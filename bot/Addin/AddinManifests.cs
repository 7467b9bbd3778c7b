using System.Security;
using System.Text.Json.Nodes;

namespace TeamsCoordinator.Addin;

/// <summary>
/// The Word add-in's two manifests, addressed at the bot's public address (Bot:PublicBaseUrl): the unified JSON
/// manifest (Word on the web, Windows Microsoft 365 2501+, Mac 16.103+) and the XML add-in-only manifest for
/// perpetual Office and the clients that do not read the unified one. Microsoft recommends publishing both.
/// </summary>
public static class AddinManifests
{
    public const string ManifestVersion = "1.30";
    public const string Version = "1.0.0";
    private const string Accent = "#1F6E8C";

    public static void MapAddinManifests(this WebApplication app)
    {
        app.MapGet("/addin/manifest.json", (AddinConfig config) => Results.Text(Json(config).ToJsonString(new() { WriteIndented = true }), "application/json"));
        app.MapGet("/addin/manifest.xml", (AddinConfig config) => Results.Text(Xml(config), "application/xml"));
    }

    private static string Id(AddinConfig config) => config.Options.ManifestId ?? AddinConfig.DefaultManifestId;

    public static JsonObject Json(AddinConfig config)
    {
        var baseUrl = config.BaseUrl;
        var host = new Uri(baseUrl).Host;
        JsonArray Icons(params int[] sizes) => [.. sizes.Select(s => (JsonNode)new JsonObject { ["size"] = s, ["url"] = $"{baseUrl}/addin/icon-{s}.png" })];
        var manifest = new JsonObject
        {
            ["$schema"] = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json",
            ["manifestVersion"] = ManifestVersion,
            ["version"] = Version,
            ["id"] = Id(config),
            ["developer"] = new JsonObject
            {
                ["name"] = "TeamsCoordinator",
                ["websiteUrl"] = baseUrl,
                ["privacyUrl"] = $"{baseUrl}/privatliv",
                ["termsOfUseUrl"] = $"{baseUrl}/vilkaar",
            },
            ["name"] = new JsonObject { ["short"] = "Koordinator i Word", ["full"] = "Koordinator: KIP, kriseplan og referat i Word" },
            ["description"] = new JsonObject
            {
                ["short"] = "Opdatér KIP, kriseplan og referat fra forløbet, og gem som ny version.",
                ["full"] = "Koordinator kender det åbne dokuments forløb: Opdatér fra forløbet henter teamet, koordinatoren, samtykket, " +
                           "aftalerne og de åbne opgaver ind i dokumentets felter og lader resten stå; Indsæt aftaler sætter forløbets åbne " +
                           "aftaler ind som en tabel; Gem som ny version gemmer dokumentet som forløbets næste version. " +
                           "Update a KIP, crisis plan or minutes from the case and save it as the next version.",
            },
            ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
            ["accentColor"] = Accent,
            ["validDomains"] = new JsonArray(host),
            ["extensions"] = new JsonArray(new JsonObject
            {
                ["requirements"] = new JsonObject
                {
                    ["scopes"] = new JsonArray("document"),
                    ["capabilities"] = new JsonArray(new JsonObject { ["name"] = "WordApi", ["minVersion"] = "1.3" }),
                },
                ["runtimes"] = new JsonArray(new JsonObject
                {
                    ["requirements"] = new JsonObject { ["capabilities"] = new JsonArray(new JsonObject { ["name"] = "AddinCommands", ["minVersion"] = "1.1" }) },
                    ["id"] = "TaskPaneRuntime",
                    ["type"] = "general",
                    ["code"] = new JsonObject { ["page"] = $"{baseUrl}/addin/index.html" },
                    ["lifetime"] = "short",
                    ["actions"] = new JsonArray(new JsonObject { ["id"] = "ShowTaskpane", ["type"] = "openPage", ["pinnable"] = true }),
                }),
                ["ribbons"] = new JsonArray(new JsonObject
                {
                    ["contexts"] = new JsonArray("default"),
                    ["tabs"] = new JsonArray(new JsonObject
                    {
                        ["builtInTabId"] = "TabHome",
                        ["groups"] = new JsonArray(new JsonObject
                        {
                            ["id"] = "KoordinatorGroup",
                            ["label"] = "Koordinator",
                            ["icons"] = Icons(16, 32, 80),
                            ["controls"] = new JsonArray(new JsonObject
                            {
                                ["id"] = "OpenKoordinator",
                                ["type"] = "button",
                                ["label"] = "Koordinator",
                                ["icons"] = Icons(16, 32, 80),
                                ["supertip"] = new JsonObject { ["title"] = "Koordinator", ["description"] = "Opdatér dokumentet fra forløbet, indsæt aftaler, gem som ny version." },
                                ["actionId"] = "ShowTaskpane",
                            }),
                        }),
                    }),
                }),
            }),
        };
        if (config.Options.HasClientId)
            manifest["webApplicationInfo"] = new JsonObject { ["id"] = config.Options.ClientId, ["resource"] = $"api://{new Uri(baseUrl).Authority}/{config.Options.ClientId}" };
        return manifest;
    }

    public static string Xml(AddinConfig config)
    {
        string A(string value) => SecurityElement.Escape(value);
        var baseUrl = config.BaseUrl;
        var icon = (int size) => A($"{baseUrl}/addin/icon-{size}.png");
        var sso = config.Options.HasClientId
            ? $"""
                  <WebApplicationInfo>
                    <Id>{A(config.Options.ClientId!)}</Id>
                    <Resource>{A($"api://{new Uri(baseUrl).Authority}/{config.Options.ClientId}")}</Resource>
                    <Scopes><Scope>openid</Scope><Scope>profile</Scope></Scopes>
                  </WebApplicationInfo>
              """
            : "";
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                       xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0" xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
                       xsi:type="TaskPaneApp">
              <Id>{A(Id(config))}</Id>
              <Version>{Version}.0</Version>
              <ProviderName>TeamsCoordinator</ProviderName>
              <DefaultLocale>da-DK</DefaultLocale>
              <DisplayName DefaultValue="Koordinator i Word">
                <Override Locale="en-US" Value="Coordinator in Word"/>
              </DisplayName>
              <Description DefaultValue="Opdatér KIP, kriseplan og referat fra forløbet, og gem som ny version.">
                <Override Locale="en-US" Value="Update a KIP, crisis plan or minutes from the case and save it as the next version."/>
              </Description>
              <IconUrl DefaultValue="{icon(32)}"/>
              <HighResolutionIconUrl DefaultValue="{icon(64)}"/>
              <SupportUrl DefaultValue="{A(baseUrl)}"/>
              <AppDomains>
                <AppDomain>{A(baseUrl)}</AppDomain>
              </AppDomains>
              <Hosts>
                <Host Name="Document"/>
              </Hosts>
              <Requirements>
                <Sets DefaultMinVersion="1.3">
                  <Set Name="WordApi" MinVersion="1.3"/>
                </Sets>
              </Requirements>
              <DefaultSettings>
                <SourceLocation DefaultValue="{A($"{baseUrl}/addin/index.html")}"/>
              </DefaultSettings>
              <Permissions>ReadWriteDocument</Permissions>
              <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
                <Hosts>
                  <Host xsi:type="Document">
                    <DesktopFormFactor>
                      <GetStarted>
                        <Title resid="Title"/>
                        <Description resid="Tip"/>
                        <LearnMoreUrl resid="Home"/>
                      </GetStarted>
                      <ExtensionPoint xsi:type="PrimaryCommandSurface">
                        <OfficeTab id="TabHome">
                          <Group id="KoordinatorGroup">
                            <Label resid="Title"/>
                            <Icon>
                              <bt:Image size="16" resid="Icon16"/>
                              <bt:Image size="32" resid="Icon32"/>
                              <bt:Image size="80" resid="Icon80"/>
                            </Icon>
                            <Control xsi:type="Button" id="OpenKoordinator">
                              <Label resid="Title"/>
                              <Supertip>
                                <Title resid="Title"/>
                                <Description resid="Tip"/>
                              </Supertip>
                              <Icon>
                                <bt:Image size="16" resid="Icon16"/>
                                <bt:Image size="32" resid="Icon32"/>
                                <bt:Image size="80" resid="Icon80"/>
                              </Icon>
                              <Action xsi:type="ShowTaskpane">
                                <TaskpaneId>Koordinator</TaskpaneId>
                                <SourceLocation resid="Pane"/>
                              </Action>
                            </Control>
                          </Group>
                        </OfficeTab>
                      </ExtensionPoint>
                    </DesktopFormFactor>
                  </Host>
                </Hosts>
                <Resources>
                  <bt:Images>
                    <bt:Image id="Icon16" DefaultValue="{icon(16)}"/>
                    <bt:Image id="Icon32" DefaultValue="{icon(32)}"/>
                    <bt:Image id="Icon80" DefaultValue="{icon(80)}"/>
                  </bt:Images>
                  <bt:Urls>
                    <bt:Url id="Pane" DefaultValue="{A($"{baseUrl}/addin/index.html")}"/>
                    <bt:Url id="Home" DefaultValue="{A(baseUrl)}"/>
                  </bt:Urls>
                  <bt:ShortStrings>
                    <bt:String id="Title" DefaultValue="Koordinator">
                      <bt:Override Locale="en-US" Value="Coordinator"/>
                    </bt:String>
                  </bt:ShortStrings>
                  <bt:LongStrings>
                    <bt:String id="Tip" DefaultValue="Opdatér dokumentet fra forløbet, indsæt aftaler, gem som ny version.">
                      <bt:Override Locale="en-US" Value="Update the document from the case, insert agreements, save as the next version."/>
                    </bt:String>
                  </bt:LongStrings>
                </Resources>
            {sso}
              </VersionOverrides>
            </OfficeApp>
            """;
    }
}

// The Outlook add-in manifest (XML, schema 1.1 with VersionOverrides 1.0), written per download for this server's public
// address and the user's language. The same text goes into the .msi and is offered on its own (docs/decisions/0052).
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { lookup, type Catalogue } from '../../shared/i18n/messages.ts';
import { OUTLOOK_ADDIN_ID, OUTLOOK_PANE_PATH } from '../../shared/outlook.ts';

/** The add-in's version: Outlook updates an installed add-in only when it rises. Four numbers, as the schema wants. */
export const ADDIN_VERSION = '1.0.0.0';

const LOCALES = { en: { tag: 'en-US', catalogue: en as Catalogue }, fr: { tag: 'fr-FR', catalogue: fr } } as const;
type Lang = keyof typeof LOCALES;

const langOf = (locale: string): Lang => (locale.toLowerCase().startsWith('fr') ? 'fr' : 'en');

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An https or http origin with no path, query or fragment, as the manifest's URLs start with it. */
export function manifestBase(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new RangeError('the server address must be http(s)');
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/**
 * The manifest for `serverUrl` (PUBLIC_URL, else the address the download came to) in the user's `locale`: its default
 * locale and texts are the user's language, with the other language as overrides, so Outlook shows each user theirs.
 */
export function renderManifest(serverUrl: string, locale: string): string {
  const base = manifestBase(serverUrl);
  const lang = langOf(locale);
  const other: Lang = lang === 'en' ? 'fr' : 'en';
  const text = (l: Lang, key: string): string => {
    const m = lookup(LOCALES[l].catalogue, key);
    return escape(typeof m === 'string' ? m : (m?.other ?? key));
  };
  const own = LOCALES[lang].tag;
  const otherTag = LOCALES[other].tag;
  const setting = (el: string, key: string) => `<${el} DefaultValue="${text(lang, key)}"><Override Locale="${otherTag}" Value="${text(other, key)}" /></${el}>`;
  const btString = (id: string, key: string) => `<bt:String id="${id}" DefaultValue="${text(lang, key)}"><bt:Override Locale="${otherTag}" Value="${text(other, key)}" /></bt:String>`;
  const pane = escape(`${base}${OUTLOOK_PANE_PATH}`);
  const icon = escape(`${base}/icons/icon-192.png`);
  const host = new URL(base).host;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- FieldCRM for Outlook: files the open e-mail into FieldCRM at ${escape(base)}. Written by that server for one download. -->
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0" xmlns:mailappor="http://schemas.microsoft.com/office/mailappversionoverrides/1.0" xsi:type="MailApp">
  <Id>${OUTLOOK_ADDIN_ID}</Id>
  <Version>${ADDIN_VERSION}</Version>
  <ProviderName>FieldCRM</ProviderName>
  <DefaultLocale>${own}</DefaultLocale>
  ${setting('DisplayName', 'outlook.manifest.name')}
  ${setting('Description', 'outlook.manifest.description')}
  <IconUrl DefaultValue="${icon}" />
  <HighResolutionIconUrl DefaultValue="${icon}" />
  <SupportUrl DefaultValue="${escape(`${base}/help.html`)}" />
  <AppDomains>
    <AppDomain>${escape(`${new URL(base).protocol}//${host}`)}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Mailbox" />
  </Hosts>
  <Requirements>
    <Sets>
      <Set Name="Mailbox" MinVersion="1.1" />
    </Sets>
  </Requirements>
  <FormSettings>
    <Form xsi:type="ItemRead">
      <DesktopSettings>
        <SourceLocation DefaultValue="${pane}" />
        <RequestedHeight>450</RequestedHeight>
      </DesktopSettings>
    </Form>
  </FormSettings>
  <Permissions>ReadItem</Permissions>
  <Rule xsi:type="RuleCollection" Mode="Or">
    <Rule xsi:type="ItemIs" ItemType="Message" FormType="Read" />
  </Rule>
  <DisableEntityHighlighting>true</DisableEntityHighlighting>
  ${versionOverrides(pane, icon, btString)}
</OfficeApp>
`;
}

/** The ribbon button on a message being read (classic Outlook, new Outlook, Outlook on the web): opens the task pane. */
function versionOverrides(pane: string, icon: string, btString: (id: string, key: string) => string): string {
  return `<VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Requirements>
      <bt:Sets DefaultMinVersion="1.3">
        <bt:Set Name="Mailbox" />
      </bt:Sets>
    </Requirements>
    <Hosts>
      <Host xsi:type="MailHost">
        <DesktopFormFactor>
          <!-- Required before any extension point; no button runs a function, so it is the pane's own page. -->
          <FunctionFile resid="paneUrl" />
          <ExtensionPoint xsi:type="MessageReadCommandSurface">
            <OfficeTab id="TabDefault">
              <Group id="fieldcrmGroup">
                <Label resid="groupLabel" />
                <Control xsi:type="Button" id="fieldcrmOpenPane">
                  <Label resid="paneButton" />
                  <Supertip>
                    <Title resid="paneButton" />
                    <Description resid="paneButtonTip" />
                  </Supertip>
                  <Icon>
                    <bt:Image size="16" resid="icon16" />
                    <bt:Image size="32" resid="icon32" />
                    <bt:Image size="80" resid="icon80" />
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <SourceLocation resid="paneUrl" />
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
        <bt:Image id="icon16" DefaultValue="${icon}" />
        <bt:Image id="icon32" DefaultValue="${icon}" />
        <bt:Image id="icon80" DefaultValue="${icon}" />
      </bt:Images>
      <bt:Urls>
        <bt:Url id="paneUrl" DefaultValue="${pane}" />
      </bt:Urls>
      <bt:ShortStrings>
        ${btString('groupLabel', 'outlook.manifest.name')}
        ${btString('paneButton', 'outlook.manifest.button')}
      </bt:ShortStrings>
      <bt:LongStrings>
        ${btString('paneButtonTip', 'outlook.manifest.buttonTip')}
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>`;
}

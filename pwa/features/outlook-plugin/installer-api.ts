// The Outlook plug-in installer as the PWA uses it (online only): the user's own download, the administrator's settings.
import { ERROR_CODES, isProblem } from '../../../shared/errors.ts';
import { INSTALLER_ADMIN_PATH, INSTALLER_PATH, type InstallerReport, type InstallerSettings } from '../../../shared/installer.ts';
import { OUTLOOK_MANIFEST_PATH } from '../../../shared/outlook.ts';
import { ApiError, type ApiClient } from '../../net/api.ts';
import { t } from '../../i18n/index.ts';
import { errorText } from '../../ui/error-text.ts';

export const installerApi = (api: ApiClient) => ({
  report: () => api.get<InstallerReport>(INSTALLER_ADMIN_PATH),
  save: (settings: InstallerSettings) => api.request<InstallerReport>('PUT', INSTALLER_ADMIN_PATH, settings),
  /** The caller's installer as a file, or an ApiError with the server's code (no certificate, not signed in…). */
  download: () => fileFrom(api, INSTALLER_PATH, 'application/x-msi', 'FieldCRM-Outlook-plugin.msi'),
  /** The add-in manifest alone, for Outlook on the web and new Outlook (written for this server and the caller's language). */
  manifest: () => fileFrom(api, OUTLOOK_MANIFEST_PATH, 'application/xml', 'fieldcrm-outlook-manifest.xml'),
});

/** A file the server makes for the caller, through a blob so that a refusal shows its reason instead of saving it. */
async function fileFrom(api: ApiClient, path: string, type: string, fallbackName: string): Promise<{ blob: Blob; fileName: string }> {
  let res: Response;
  try {
    res = await fetch(api.baseUrl + path, { headers: api.headers({ Accept: `${type}, application/json` }), credentials: 'same-origin', cache: 'no-store' });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'Network error');
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    if (isProblem(body)) throw new ApiError(res.status, body.code, body.title, body);
    throw new ApiError(res.status, ERROR_CODES.INTERNAL, `HTTP ${res.status}`);
  }
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await res.blob(), fileName };
}

/** A problem's text in the user's language when we have one for its code, else the server's own words. */
export const problemText = (err: unknown): string => errorText(err, { unreachable: t('ui.onlineOnly', { feature: t('installer.title') }), serverWords: true });

// Entry point of the Outlook task pane (outlook.html): Office.js is loaded before this module (a classic script, from
// our own server); once Office is ready the pane reads the open message and follows the user to the next one.
// No old-phone polyfills: Outlook runs add-ins in current engines only (WebView2, Edge, Chrome, Safari; the manifest
// declares no phone form factor), and importing pwa/polyfills.ts here too would move them out of the app's entry.
import './fc-outlook-pane.ts';
import { officeGlobal } from './office-host.ts';

/** Office.EventType.ItemChanged: a pinned pane stays open while the user selects another message. */
const ITEM_CHANGED = 'olkItemSelectedChanged';

async function boot(): Promise<void> {
  const pane = document.querySelector('fc-outlook-pane');
  if (!pane) return;
  const office = officeGlobal();
  // Outside Outlook (or if Office.js failed to load) there is no message: the pane says so.
  if (office) await office.onReady();
  office?.context?.mailbox?.addHandlerAsync?.(ITEM_CHANGED, () => void pane.start());
  await pane.start();
}

void boot();

// Custom fields' captions join the catalogues whenever a customisation is applied (imported once by each side). Kept by
// language, so a catalogue loaded after the customisation (the PWA's French, on demand) has them too.
import { customTexts, onCustomization } from '../entities/index.ts';
import { setExtraTexts } from './messages.ts';

onCustomization((c) => {
  const texts = customTexts(c);
  setExtraTexts('en', texts.en);
  setExtraTexts('fr', texts.fr);
});

// Custom fields' captions join the catalogues whenever a customisation is applied (imported once by each side).
import { customTexts, onCustomization } from '../entities/index.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { setExtraTexts } from './messages.ts';

onCustomization((c) => {
  const texts = customTexts(c);
  setExtraTexts(en, texts.en);
  setExtraTexts(fr, texts.fr);
});

import { Router } from 'express';
import type { WorkspaceDeps } from '../deps.ts';
import { handle } from '../page.ts';
import { generalSettings } from './general.ts';
import { listSettings } from './lists.ts';
import { staffSettings } from './staff.ts';
import { textSettings } from './texts.ts';
import { directorySettings } from './directory.ts';
import { settingsHistory } from './history.ts';

/** Settings for administrators, no code needed: /tab/settings/… */
export function settingsRoutes(deps: WorkspaceDeps): Router {
  const r = Router();
  const general = generalSettings(deps);
  const lists = listSettings(deps);
  const staff = staffSettings(deps);
  const texts = textSettings(deps);
  const directory = directorySettings(deps);
  r.get('/', handle(general.page));
  r.post('/general', general.save);
  r.get('/lists', handle(lists.page));
  r.post('/lists', lists.save);
  r.get('/staff', handle(staff.page));
  r.post('/staff', staff.save);
  r.get('/texts', handle(texts.page));
  r.post('/texts', texts.save);
  r.get('/directory', handle(directory.page));
  r.post('/directory', directory.save);
  r.post('/directory/:id/reviewed', directory.reviewed);
  r.post('/directory/:id/delete', directory.remove);
  r.get('/history', handle(settingsHistory(deps)));
  return r;
}

import { Controller, Get, Header, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DocumentTemplates } from '@mutu/templates';
import { Public } from '../auth/auth.decorators';
import { WebGuard } from './web.guard';
import { WebErrorFilter } from './web-error.filter';
import { Page } from './web-request';

/**
 * The one enhancement script of the pages, which work without it: an upload form checks the
 * file's size and type before sending (the server checks again, by the bytes) and shows the
 * upload's progress. Plain ES2017 for old phones; no build step, no third party.
 */
const ENHANCE_SCRIPT = `'use strict';
document.querySelectorAll('form[data-upload]').forEach(function (form) {
  var status = form.querySelector('[data-upload-status]');
  var input = form.querySelector('input[type=file]');
  var say = function (text, bad) { status.textContent = text; status.className = bad ? 'flash error' : 'flash'; };
  form.addEventListener('submit', function (event) {
    var file = input.files && input.files[0];
    if (!file) return;
    if (file.size > Number(form.dataset.max)) { event.preventDefault(); say(form.dataset.tooLarge, true); return; }
    if (!/\\.(pdf|jpe?g|png)$/i.test(file.name)) { event.preventDefault(); say(form.dataset.wrongType, true); return; }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('X-Mutu-Upload', '1');
    request.upload.onprogress = function (e) {
      if (e.lengthComputable) say(form.dataset.uploading + ' ' + Math.round((100 * e.loaded) / e.total) + '%');
    };
    request.onload = function () { window.location.assign(request.responseURL || window.location.href); };
    request.onerror = function () { form.submit(); };
    say(form.dataset.uploading);
    request.send(new FormData(form));
  });
});
`;

/** The stylesheet and the script every page loads; cached by browsers for a day. */
@ApiExcludeController()
@Public()
@UseGuards(WebGuard)
@UseFilters(WebErrorFilter)
@Controller('aset')
export class AssetPages {
  constructor(private readonly templates: DocumentTemplates) {}

  @Get('mutu.css')
  @Page('public')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  stylesheet(): Promise<string> {
    return this.templates.stylesheet('web/mutu');
  }

  @Get('mutu.js')
  @Page('public')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  script(): string {
    return ENHANCE_SCRIPT;
  }
}

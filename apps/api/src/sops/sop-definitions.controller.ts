import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '@mutu/auth';
import { SopsService } from '@mutu/sops';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { SopLoadResultView } from './sop.responses';

@ApiTags('SOP')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('sops')
export class SopDefinitionsController {
  constructor(private readonly sops: SopsService) {}

  @Post('definitions')
  @ApiOperation({
    summary:
      'Muat definisi SOP (JSON) sebagai versi baru; definisi identik tidak mengubah apa pun / load an SOP definition as a new version (ADMIN)',
  })
  @ApiBody({
    description: 'Definisi SOP, dalam format berkas libs/sops/definitions/*.json',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiCreatedResponse({ type: SopLoadResultView })
  @ApiBadRequestResponse({ description: 'Definisi tidak valid; setiap masalah disebut dengan jalurnya' })
  load(
    @Body() definition: Record<string, unknown>,
    @CurrentUser() admin: AuthUser,
  ): Promise<SopLoadResultView> {
    return this.sops.load(definition, 'http', `user:${admin.username}`);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '@mutu/auth';
import { CalendarService, type HoursOverrideView } from '@mutu/calendar';
import type { WeeklyHours } from '@mutu/domain';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';

class OpeningHoursSchema {
  @ApiProperty({ example: '07:30', description: 'Jam buka, HH:MM WIB / opening time' }) opens!: string;
  @ApiProperty({ example: '16:00', description: 'Jam tutup, HH:MM WIB (paling lambat 24:00) / closing time' })
  closes!: string;
}

const DAY_DESCRIPTION = 'null: tutup sepanjang hari / closed all day';

/** Sabtu dan Minggu bukan hari kerja, jadi tidak punya jam kerja. */
class WeeklyHoursSchema {
  @ApiPropertyOptional({ type: OpeningHoursSchema, nullable: true, description: DAY_DESCRIPTION })
  mon!: unknown;
  @ApiPropertyOptional({ type: OpeningHoursSchema, nullable: true, description: DAY_DESCRIPTION })
  tue!: unknown;
  @ApiPropertyOptional({ type: OpeningHoursSchema, nullable: true, description: DAY_DESCRIPTION })
  wed!: unknown;
  @ApiPropertyOptional({ type: OpeningHoursSchema, nullable: true, description: DAY_DESCRIPTION })
  thu!: unknown;
  @ApiPropertyOptional({
    type: OpeningHoursSchema,
    nullable: true,
    description: DAY_DESCRIPTION,
    example: { opens: '07:30', closes: '16:30' },
  })
  fri!: unknown;
}

class HoursOverrideInputSchema {
  @ApiProperty({ example: '2027-02-08', description: 'Tanggal mulai (WIB, termasuk) / first day' })
  from!: string;
  @ApiProperty({ example: '2027-03-09', description: 'Tanggal akhir (WIB, termasuk) / last day' })
  to!: string;
  @ApiProperty({ example: 'Ramadan 1448 H' }) name!: string;
  @ApiProperty({ type: WeeklyHoursSchema }) hours!: WeeklyHoursSchema;
}

class HoursOverrideSchema extends HoursOverrideInputSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

/**
 * Opening hours (jam kerja) for standards measured on the office_hours basis. A change applies to
 * steps that start afterwards: running steps keep the deadline fixed when they started.
 */
@ApiTags('Kalender kantor / office calendar')
@ApiBearerAuth()
@Controller('calendar/hours')
export class OfficeHoursController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: 'Jam kerja per hari (WIB) / usual opening hours per weekday' })
  @ApiOkResponse({ type: WeeklyHoursSchema })
  weekly(): Promise<WeeklyHours> {
    return this.calendar.weeklyHours();
  }

  @Put()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Ubah jam kerja / set the usual opening hours (ADMIN)' })
  @ApiBody({ type: WeeklyHoursSchema })
  @ApiOkResponse({ type: WeeklyHoursSchema })
  @ApiBadRequestResponse({ description: 'Jam tidak valid; setiap masalah disebut dengan kolomnya' })
  setWeekly(@Body() hours: Record<string, unknown>, @CurrentUser() user: AuthUser): Promise<WeeklyHours> {
    return this.calendar.setWeeklyHours(hours, principalOf(user));
  }

  @Get('overrides')
  @ApiOperation({ summary: 'Jam kerja khusus per periode (mis. Ramadan) / dated periods with other hours' })
  @ApiOkResponse({ type: [HoursOverrideSchema] })
  overrides(): Promise<HoursOverrideView[]> {
    return this.calendar.overrides();
  }

  @Post('overrides')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Tambah jam kerja khusus / add a period with other hours (ADMIN)' })
  @ApiBody({ type: HoursOverrideInputSchema })
  @ApiCreatedResponse({ type: HoursOverrideSchema })
  @ApiBadRequestResponse({ description: 'Periode tidak valid atau bertumpang tindih dengan periode lain' })
  addOverride(
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
  ): Promise<HoursOverrideView> {
    return this.calendar.addOverride(body, principalOf(user));
  }

  @Delete('overrides/:id')
  @HttpCode(204)
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Hapus jam kerja khusus / remove a period with other hours (ADMIN)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  removeOverride(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.calendar.removeOverride(id, principalOf(user));
  }
}

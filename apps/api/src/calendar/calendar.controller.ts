import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { AuthUser } from '@mutu/auth';
import { CalendarService } from '@mutu/calendar';
import { HOLIDAY_KINDS, type Holiday } from '@mutu/domain';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';

class HolidayQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'year harus tahun' })
  @Min(2000, { message: 'year harus tahun' })
  @Max(2100, { message: 'year harus tahun' })
  year?: number;
}

class HolidayDto {
  @ApiProperty({ example: 'Cuti Bersama Hari Raya Idulfitri' })
  @IsString()
  @MinLength(1, { message: 'name wajib diisi' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: HOLIDAY_KINDS, example: 'cuti_bersama' })
  @IsIn([...HOLIDAY_KINDS], { message: `kind harus ${HOLIDAY_KINDS.join(' atau ')}` })
  kind!: (typeof HOLIDAY_KINDS)[number];
}

class HolidaySchema extends HolidayDto {
  @ApiProperty({ format: 'date', example: '2027-03-12' }) date!: string;
}

const DateParam = () => ApiParam({ name: 'date', type: String, format: 'date', example: '2027-03-12' });

@ApiTags('Kalender kantor / office calendar')
@ApiBearerAuth()
@Controller('calendar/holidays')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: 'Hari libur nasional dan cuti bersama / days off besides weekends' })
  @ApiOkResponse({ type: [HolidaySchema] })
  list(@Query() query: HolidayQuery): Promise<Holiday[]> {
    return this.calendar.list(query.year);
  }

  @Put(':date')
  @DateParam()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Tambah atau ubah hari libur / add or rename a day off (ADMIN)' })
  @ApiOkResponse({ type: HolidaySchema })
  put(
    @Param('date') date: string,
    @Body() body: HolidayDto,
    @CurrentUser() user: AuthUser,
  ): Promise<Holiday> {
    return this.calendar.put(date, body, principalOf(user));
  }

  @Delete(':date')
  @DateParam()
  @HttpCode(204)
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Hapus hari libur / remove a day off (ADMIN)' })
  @ApiNoContentResponse()
  remove(@Param('date') date: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.calendar.remove(date, principalOf(user));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { AuthService, type AuthUser } from '@mutu/auth';
import { ACTOR_ROLES, type ActorRole } from '@mutu/domain';
import { UserView } from '../auth/auth.controller';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { IsNipField } from '../http/query-fields';
import { AcceptsPassword } from '../http/secret-fields.guard';

class NewUserDto {
  @ApiProperty({ example: 'verifikator.dinkes' })
  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'username: 3–64 huruf kecil, angka, titik, garis' })
  username!: string;

  @ApiProperty({ example: 'Andi Saputra, S.Kom.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ApiProperty({ enum: ACTOR_ROLES })
  @IsIn([...ACTOR_ROLES], { message: `role harus salah satu dari ${ACTOR_ROLES.join(', ')}` })
  role!: ActorRole;

  @ApiProperty({ description: 'Kata sandi awal, minimal 12 karakter', example: 'kata-sandi-awal-123' })
  @IsString()
  password!: string;

  @ApiPropertyOptional({ description: 'Wajib untuk PENGGUNA', example: '198701012010011001' })
  @IsOptional()
  @IsNipField()
  holderNip?: string;

  @ApiPropertyOptional({
    description: 'Alamat e-mail untuk laporan terjadwal dan peringatan',
    example: 'verifikator.dinkes@merantikab.go.id',
  })
  @IsOptional()
  @IsEmail({}, { message: 'email harus alamat e-mail yang valid' })
  email?: string;

  @ApiPropertyOptional({ description: 'Wajib untuk VERIFIKATOR', example: ['Dinas Kesehatan'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  agencies?: string[];
}

@ApiTags('Pengguna / users')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  @ApiOperation({ summary: 'Semua akun / all accounts (ADMIN)' })
  @ApiOkResponse({ type: [UserView] })
  list(): Promise<AuthUser[]> {
    return this.auth.listUsers();
  }

  @Post()
  @AcceptsPassword()
  @ApiOperation({ summary: 'Buat akun / create an account (ADMIN)' })
  @ApiCreatedResponse({ type: UserView })
  create(@Body() body: NewUserDto, @CurrentUser() admin: AuthUser): Promise<AuthUser> {
    return this.auth.createUser(body, principalOf(admin));
  }

  @Post(':username/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Nonaktifkan akun seketika / deactivate an account at once (ADMIN)' })
  @ApiOkResponse({ type: UserView })
  deactivate(@Param('username') username: string, @CurrentUser() admin: AuthUser): Promise<AuthUser> {
    return this.auth.deactivateUser(username, admin);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AuthService, type ApiTokenView, type AuthUser } from '@mutu/auth';
import { AcceptsPassword } from '../http/secret-fields.guard';
import { CurrentUser, Public } from './auth.decorators';

class LoginDto {
  @ApiProperty({ example: 'verifikator.dinkes' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'kata-sandi-rahasia' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

/** An account as the API shows it (no password hash). */
export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'verifikator.dinkes' }) username!: string;
  @ApiProperty({ example: 'Andi Verifikator' }) displayName!: string;
  @ApiProperty({ enum: ['PENGGUNA', 'VERIFIKATOR', 'BSRE', 'KEPALA_DINAS', 'ADMIN'] }) role!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) holderNip!: string | null;
  @ApiProperty({ type: [String], example: ['Dinas Kesehatan'] }) agencies!: string[];
  @ApiProperty({ nullable: true, type: String, example: 'kadis@merantikab.go.id' }) email!: string | null;
}

class TokenRequestDto {
  @ApiProperty({ description: 'Untuk apa token ini / what the token is for', example: 'Integrasi SIMPEG' })
  @IsString()
  @MinLength(1, { message: 'name wajib diisi' })
  @MaxLength(100)
  name!: string;
}

class ApiTokenSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Integrasi SIMPEG' }) name!: string;
  @ApiProperty({ example: 'mutu_Xk3f9a2b', description: 'Awal token, untuk mengenalinya' }) prefix!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

class IssuedTokenSchema extends ApiTokenSchema {
  @ApiProperty({ description: 'Hanya ditampilkan sekali / shown once; send as Authorization: Bearer …' })
  token!: string;
}

class LoginView {
  @ApiProperty({ description: 'JWT; kirim sebagai Authorization: Bearer …' }) accessToken!: string;
  @ApiProperty({ example: 3600 }) expiresIn!: number;
  @ApiProperty({ type: UserView }) user!: UserView;
}

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @AcceptsPassword()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Masuk / sign in and get a short-lived bearer token' })
  @ApiOkResponse({ type: LoginView })
  @ApiUnauthorizedResponse({ description: 'Nama pengguna atau kata sandi salah' })
  @ApiTooManyRequestsResponse({
    description: 'Terlalu banyak percobaan gagal dari alamat ini dalam satu menit',
  })
  login(@Body() body: LoginDto): Promise<LoginView> {
    return this.auth.login(body.username, body.password) as Promise<LoginView>;
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Pengguna yang sedang masuk / the signed-in user' })
  @ApiOkResponse({ type: UserView })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Post('tokens')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Buat token integrasi atas nama Anda / issue an integration token (shown once)' })
  @ApiCreatedResponse({ type: IssuedTokenSchema })
  issueToken(@Body() body: TokenRequestDto, @CurrentUser() user: AuthUser) {
    return this.auth.issueToken(user, body.name);
  }

  @Get('tokens')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Token integrasi Anda / your integration tokens' })
  @ApiOkResponse({ type: [ApiTokenSchema] })
  listTokens(@CurrentUser() user: AuthUser): Promise<ApiTokenView[]> {
    return this.auth.listTokens(user);
  }

  @Delete('tokens/:id')
  @ApiBearerAuth()
  @ApiOperation({ summary: "Cabut token / revoke a token (yours; ADMIN: anyone's)" })
  @ApiOkResponse({ type: ApiTokenSchema })
  revokeToken(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<ApiTokenView> {
    return this.auth.revokeToken(user, id);
  }
}

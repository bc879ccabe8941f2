import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AuthService, type AuthUser } from '@mutu/auth';
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

class UserView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'verifikator.dinkes' }) username!: string;
  @ApiProperty({ example: 'Andi Verifikator' }) displayName!: string;
  @ApiProperty({ enum: ['PENGGUNA', 'VERIFIKATOR', 'BSRE', 'KEPALA_DINAS', 'ADMIN'] }) role!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) holderNip!: string | null;
  @ApiProperty({ type: [String], example: ['Dinas Kesehatan'] }) agencies!: string[];
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
}

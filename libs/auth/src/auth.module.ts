import { Module } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { AuthService } from './auth.service';

@Module({ imports: [AuditModule], providers: [AuthService], exports: [AuthService] })
export class AuthModule {}

import { Module } from '@nestjs/common';
import { CalendarModule } from '@mutu/calendar';
import { ComplianceService } from './compliance.service';

@Module({ imports: [CalendarModule], providers: [ComplianceService], exports: [ComplianceService] })
export class ComplianceModule {}

import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseHealth } from '@mutu/db';
import { Public } from '../auth/auth.decorators';

@Public()
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseHealth,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Kesehatan layanan / liveness with a database round-trip (503 when it fails)' })
  check() {
    return this.health.check([
      async () => {
        const session = this.indicators.check('database');
        try {
          await this.database.ping();
          return session.up();
        } catch (error) {
          return session.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { loginSchema, type LoginBody } from '@tandem/contracts';
import { Public, ZodPipe } from '@tandem/platform';
import { AuthService, type Session } from './auth.service';

export const refreshSchema = z.object({ refreshToken: z.string().min(1) });

@Controller('v1/auth')
@Public()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  login(@Body(new ZodPipe(loginSchema)) body: LoginBody): Promise<Session> {
    return this.auth.login(body);
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@Body(new ZodPipe(refreshSchema)) body: z.infer<typeof refreshSchema>): Promise<Session> {
    return this.auth.refresh(body.refreshToken);
  }
}

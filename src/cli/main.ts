/**
 * `npm run cli -- <command>`:
 *   create-admin --email <email>   creates (or promotes) an admin; asks for the password,
 *                                  or reads it from the ADMIN_PASSWORD variable.
 */
import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { NestFactory } from '@nestjs/core';
import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { AppModule } from '../app.module';
import { ConfigurationError, validateEnvironment } from '../config/env.schema';
import { PasswordService } from '../modules/auth/password.service';
import { RegisterDto } from '../modules/auth/dto/auth.dto';
import { MembersService } from '../modules/members/members.service';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    let asked = false;
    output._writeToOutput = (text: string) => {
      if (!asked) {
        process.stdout.write(text);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function createAdmin(): Promise<void> {
  const email = option('email');
  const password = process.env.ADMIN_PASSWORD || (await askHidden('Password for the admin: '));
  const problems = validateSync(
    plainToInstance(RegisterDto, { email, password, displayName: 'Admin' }),
  ).flatMap((error) => Object.values(error.constraints ?? {}));
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(2);
  }
  const config = validateEnvironment({
    ...process.env,
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: false,
  });
  try {
    const passwords = app.get(PasswordService);
    const outcome = await app
      .get(MembersService)
      .ensureAdmin(email ?? '', () => passwords.hash(password));
    console.log(
      outcome === 'created'
        ? `Admin ${email} created.`
        : outcome === 'promoted'
          ? `${email} is now an admin.`
          : `${email} was already an admin.`,
    );
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const command = process.argv[2];
  switch (command) {
    case 'create-admin':
      return createAdmin();
    default:
      console.error('Usage: npm run cli -- create-admin --email <email>');
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof ConfigurationError
      ? error.problems.join('\n')
      : error instanceof Error
        ? error.message
        : error,
  );
  process.exit(1);
});

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PLATFORMS, loadPolicy } from '../../../src/config';
import { CrisisPresenter, CrisisRooms, type CrisisRoomProvider } from '../../../src/core/crisis';
import { translator } from '../../../src/i18n';

const CORE = path.resolve(__dirname, '../../../src/core');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

const provider = (platform: string, cite?: CrisisRoomProvider['cite']): CrisisRoomProvider =>
  ({ platform, echoesReplies: true, cite }) as unknown as CrisisRoomProvider;

describe('channels: the platform is data, core names none', () => {
  it('no file of src/core spells a platform name as a string', () => {
    const offenders = sources(CORE).flatMap((file) => {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        // The policy's support teams are `teams` too.
        .replace(/Pick<Policy,[^>]*>/g, '');
      return PLATFORMS.filter((p) => new RegExp(`['"\`]${p}['"\`:]`).test(code)).map(
        (p) => `${path.relative(CORE, file)}: ${p}`,
      );
    });
    expect(offenders).toEqual([]);
  });

  it('a crisis declared by the system gets the room of the first platform registered, whichever it is', () => {
    const rooms = new CrisisRooms();
    rooms.register(provider('teams'));
    rooms.register(provider('slack'));
    expect(rooms.choose('system')?.platform).toBe('teams');
    expect(rooms.choose('slack')?.platform).toBe('slack');
    // A declarer's platform without rooms: the first registered one.
    expect(rooms.choose('console')?.platform).toBe('teams');
    expect(new CrisisRooms().choose('system')).toBeUndefined();
  });

  it('a room is named as its own platform says, else by its name and link', () => {
    const rooms = new CrisisRooms();
    rooms.register(provider('slack', (room, reader) => (reader === 'slack' ? `#slack:${room.id}` : undefined)));
    const presenter = new CrisisPresenter(loadPolicy(), (room, reader) =>
      rooms.get(room.platform)?.cite?.(room, reader),
    );
    const t = translator('en');
    const slackRoom = {
      room: { platform: 'slack' as const, id: 'C0CRISIS', name: 'payroll', state: 'ready' as const, steps: [] },
    };
    expect(presenter.room(t, slackRoom, 'slack')).toBe('#slack:C0CRISIS');
    expect(presenter.room(t, slackRoom, 'teams')).toBe('#payroll');
    // A platform this process does not serve has no say: the room is named plainly.
    const teamsRoom = {
      room: {
        platform: 'teams' as const,
        id: '19:x',
        name: 'payroll',
        url: 'https://teams.example/x',
        state: 'ready' as const,
        steps: [],
      },
    };
    expect(presenter.room(t, teamsRoom, 'teams')).toBe('payroll (https://teams.example/x)');
  });
});

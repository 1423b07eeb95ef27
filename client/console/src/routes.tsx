import type { ComponentType, ReactNode } from 'react';
import { ApartmentOutlined, CarOutlined, HomeOutlined } from '@ant-design/icons';

/** A screen: its URL, its code (loaded when first opened), and its menu entry when it has one. */
export interface Screen {
  path: string;
  load: () => Promise<{ default: ComponentType }>;
  /** A catalog key (src/i18n) and an icon; screens reached from another screen have none. */
  menu?: { label: string; icon: ReactNode };
  /** Open without signing in. */
  public?: boolean;
}

/** Every screen of the console, one line each (README: "Adding a screen"). */
export const SCREENS: Screen[] = [
  { path: '/sign-in', load: () => import('./screens/sign-in'), public: true },
  { path: '/grids', load: () => import('./screens/grids'), menu: { label: 'grids.menu', icon: <ApartmentOutlined /> } },
  { path: '/grids/:gridId/day', load: () => import('./screens/grid-day') },
  { path: '/requests', load: () => import('./screens/requests'), menu: { label: 'requests.menu', icon: <HomeOutlined /> } },
  { path: '/my-runs', load: () => import('./screens/my-runs'), menu: { label: 'myRuns.menu', icon: <CarOutlined /> } },
];

/** Where `/` leads a signed-in user. */
export const HOME = '/grids';

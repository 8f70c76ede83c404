import { TopBar } from './components/TopBar';
import { HomeScreen } from './screens/HomeScreen';

export function App() {
  return (
    <div className="terminal" data-testid="terminal">
      <TopBar />
      <main className="terminal__main">
        <HomeScreen />
      </main>
    </div>
  );
}

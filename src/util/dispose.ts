/** Disposable base class: children registered with `_register` are disposed with their owner. */
import type * as vscode from 'vscode';

/** Something that can be disposed (structurally a `vscode.Disposable`). */
export interface IDisposable {
  dispose(): void;
}

/** Owns disposables; disposing it disposes them in reverse order, once. */
export abstract class Disposable implements IDisposable {
  private readonly disposables: IDisposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers a child; if already disposed, disposes the child at once. */
  protected _register<T extends IDisposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.disposables.length) {
      try {
        this.disposables.pop()!.dispose();
      } catch {
        // One child failing to dispose must not keep the others alive.
      }
    }
  }
}

/** A disposable from a function. */
export function toDisposable(fn: () => void): vscode.Disposable {
  return { dispose: fn } as vscode.Disposable;
}

Console.WriteLine("dxevents");
